"""Another site's photos on 127.0.0.1, for tests: `files` maps a path ('/gate.jpg') to its bytes; any other path
answers 404, and '/broken.jpg' 500. It records each request (path, user agent), so a test sees who asked and how often."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePhotoHost:
    def __init__(self, files: dict[str, bytes]):
        self.files = dict(files)
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with host._lock:
                    host.requests.append((self.path, self.headers.get("User-Agent", "")))
                status, body = (
                    (500, b"down")
                    if self.path == "/broken.jpg"
                    else (200, host.files[self.path])
                    if self.path in host.files
                    else (404, b"no")
                )
                self.send_response(status)
                self.send_header("Content-Type", "image/jpeg" if status == 200 else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def asked(self, path: str) -> int:
        with self._lock:
            return sum(1 for asked, _ in self.requests if asked == path)

    def __enter__(self) -> FakePhotoHost:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

"""A small fake Nominatim on 127.0.0.1 that speaks its JSON, for tests.

What it answers depends on the query text: 'embassy' finds a venue, 'nowhere' finds
nothing, 'slow' sleeps past the client's timeout, 'busy' answers 429, 'broken' 500,
'garbage' malformed JSON. It records each request (time, query, user agent).
Built with `everything_at=(lat, lon)` it is a lying server: every query is a city there.
With `status=500` it is a failing one: every query answers that status.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

VENUE = {
    "place_id": 1,
    "lat": "37.5595",
    "lon": "126.9831",
    "display_name": "Embassy of the People's Republic of China, Myeongdong, Seoul, South Korea",
    "class": "office",
    "type": "diplomatic",
    "addresstype": "office",
    "boundingbox": ["37.559", "37.560", "126.983", "126.984"],
}


class FakeNominatim:
    def __init__(self, slow_seconds: float = 2.0, everything_at: tuple[float, float] | None = None, status: int = 200):
        self.requests: list[dict] = []
        self.slow_seconds = slow_seconds
        self.everything_at = everything_at
        self.status = status
        self._lock = threading.Lock()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def queries(self) -> list[str]:
        with self._lock:
            return [request["q"] for request in self.requests]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                with fake._lock:
                    fake.requests.append({"at": time.monotonic(), "q": query, "agent": self.headers.get("User-Agent", "")})
                text = query.casefold()
                if fake.status != 200:
                    return self._send(fake.status, {"error": "failing"})
                if fake.everything_at:
                    lat, lon = fake.everything_at
                    return self._send(200, [{**VENUE, "lat": str(lat), "lon": str(lon), "display_name": query, "addresstype": "city"}])
                if "slow" in text:
                    time.sleep(fake.slow_seconds)
                    return self._send(200, [])
                if "busy" in text:
                    return self._send(429, {"error": "Too Many Requests"})
                if "broken" in text:
                    return self._send(500, {"error": "Internal Server Error"})
                if "garbage" in text:
                    return self._raw(200, b"[{not json")
                if "embassy" in text:
                    return self._send(200, [VENUE])
                return self._send(200, [])

            def _send(self, status, body):
                self._raw(status, json.dumps(body).encode())

            def _raw(self, status, data):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

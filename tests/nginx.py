"""Debian's nginx in front of app processes, for the hosting tests and bench/bench_sessions.py: deploy/nginx.conf itself, with only its
upstream addresses and its port filled in, inside a main configuration that keeps every file in a temporary folder."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_conf(ports: list[int], listen: int) -> str:
    """deploy/nginx.conf with its upstream's servers replaced by the app processes at 127.0.0.1:PORT (one or many) and
    nginx listening on `listen`."""
    conf = (REPO / "deploy" / "nginx.conf").read_text()
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in ports)
    conf = re.sub(r"(    server app\d+:8501;\n)+", lambda _: servers, conf, count=1)
    return conf.replace("listen 80;", f"listen 127.0.0.1:{listen};")


@dataclass(frozen=True)
class Routed:
    """One request through nginx, from its access log: the visitor's route cookie and the process that answered."""

    cookie: str
    request_id: str  # a first request's id is the route cookie nginx gives it
    upstream: str  # 127.0.0.1:PORT, or several when the first did not answer ("127.0.0.1:1, 127.0.0.1:2")
    status: int
    request: str

    @property
    def answered_by(self) -> str:
        """The process that answered: the last one tried."""
        return self.upstream.split(", ")[-1]


def routed(work: Path, cookie: str = "") -> list[Routed]:
    """Every request nginx (started in `work` by running_nginx) has passed on so far; with `cookie`, those of the
    browser with that route cookie (its first request included, made before it had one)."""
    found = []
    for line in (work / "access.log").read_text().splitlines():
        sent, request_id, rest = line.split(" ", 2)
        upstream, status, request = re.match(r'(.*) (\d{3}) "(.*)"$', rest).groups()
        found.append(Routed("" if sent == "-" else sent, request_id, upstream, int(status), request))
    return [one for one in found if cookie in ("", one.cookie, one.request_id)]


@contextlib.contextmanager
def running_nginx(work: Path, ports: list[int], listen: int) -> Iterator[str]:
    """nginx started in front of `ports`; its URL. Stopped afterwards."""
    if not Path(NGINX).exists():
        raise RuntimeError("Debian's nginx is not installed: scripts/test installs it")
    work.mkdir(parents=True, exist_ok=True)
    (work / "site.conf").write_text(site_conf(ports, listen))
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"    {name}_temp_path {work / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} info;\n"
        f"events {{ worker_connections 4096; }}\n"
        f"http {{\n    log_format routed '$cookie_sm_route $request_id $upstream_addr $status \"$request\"';\n"
        f"    access_log {work / 'access.log'} routed;\n{temp}    include {work / 'site.conf'};\n}}\n"
    )
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start: " + (process.stderr.read() or b"").decode()[-2000:]) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)

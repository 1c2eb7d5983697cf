"""Many visitors at once against one app process: how long each waits for the map's markers, and what the
server holds per session. Headless Chromium (Debian's package) opens N pages at once, each its own context
(its own Streamlit session), with no network outside 127.0.0.1.

Run: .venv/bin/python bench/bench_sessions.py [--sessions 10 50]
Prints, for each N: sessions served (markers drawn within the limit), the median and worst time to markers,
the server's resident memory per session (its growth while they are open, divided by N) and the server's CPU
time per session: on a small machine the browsers share the CPU with the server, and this tells whose time it is.
Last line: `sessions n=N served=S median_s=M worst_s=W mb_per_session=B` for the largest N.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT_S = 180.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """The server process's CPU time so far (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def visit(browser, url: str, started: float) -> float | None:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})

    async def only_local(route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        await (
            route.continue_() if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "about:")) else route.abort()
        )

    await context.route("**/*", only_local)
    page = await context.new_page()
    try:
        await page.goto(url, timeout=LIMIT_S * 1000)
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        await frame.locator(".sm-action, .marker-cluster").first.wait_for(timeout=LIMIT_S * 1000)
        return time.perf_counter() - started
    except Exception:  # noqa: BLE001 - a session not served in time counts as not served
        return None
    finally:
        await asyncio.sleep(0)  # the context stays open: its session stays on the server while the others load


async def round_of(n: int, url: str, pid: int) -> tuple[int, float, float, float, float]:
    from playwright.async_api import async_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        before, cpu = resident_mb(pid), cpu_seconds(pid)
        started = time.perf_counter()
        times = await asyncio.gather(*(visit(browser, url, started) for _ in range(n)))
        during, used = resident_mb(pid), cpu_seconds(pid) - cpu
        await browser.close()
    served = [value for value in times if value is not None]
    median = statistics.median(served) if served else float("nan")
    worst = max(served) if len(served) == n else LIMIT_S
    return len(served), median, worst, (during - before) / n, used / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 50])
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    port = free_port()
    env = {
        **os.environ,
        "SOLIDARITY_MAP_OFFLINE": "1",
        "SOLIDARITY_MAP_DATABASE_URL": f"sqlite:///{tmp / 'actions.db'}",
        "SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp / "cache.jsonl"),
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        urllib.request.urlopen(url, timeout=30)
        asyncio.run(round_of(1, url, app.pid))  # the first visit loads and places the data: not counted
        line = ""
        for n in args.sessions:
            served, median, worst, per_session, cpu = asyncio.run(round_of(n, url, app.pid))
            print(
                f"{n} sessions at once: {served} served, median {median:.1f} s, worst {worst:.1f} s to markers, "
                f"{per_session:.1f} MB and {cpu:.2f} s of the server's CPU per session"
            )
            line = (
                f"sessions n={n} served={served} median_s={median:.1f} worst_s={worst:.1f} "
                f"mb_per_session={per_session:.1f} server_cpu_s_per_session={cpu:.2f}"
            )
        print(line)
    finally:
        app.terminate()
        app.wait(10)


if __name__ == "__main__":
    main()

"""What a visitor costs the server, and how many visitors the hosted set-up serves. Headless Chromium (Debian's
package) opens the pages, each visitor its own context (its own Streamlit session), with no network outside
127.0.0.1.

Run: .venv/bin/python -m bench.bench_sessions [--first 8] [--sessions 10 30] [--proxy 20]

1. First visits, one after another, to the dashboard's Map page and to a bare page (bench/bare_page.py: the same
   placed actions drawn with folium and st_folium as a tutorial would, under the same .streamlit/config.toml),
   taken in turn by the same browser in the same run: the server's CPU time per first visit (markers drawn, and
   the page left 2 s for any rerun the map's first report back makes), and their ratio. The line `first_visit ... ratio=R` is the figure the README quotes.
2. Many visitors at once against one app process: how many are served (markers within 180 s), the median and
   worst wait, the server's memory and CPU per session.
3. With --proxy N: Debian's nginx with deploy/nginx.conf in front of one, then two app processes on one
   PostgreSQL (Debian's package), N visitors at once: visitors served per minute, side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT_S = 180.0
SETTLE_S = 2.0  # after the markers: the map's first report back, if any, and its rerun
MARKERS = ".sm-action, .marker-cluster, path.leaflet-interactive"  # the dashboard's markers, the bare page's circles


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def resident_mb(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def cpu_seconds(pids: list[int]) -> float:
    """The server processes' CPU time so far (user + system)."""
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Server:
    """One `streamlit run` process."""

    def __init__(self, script: Path, cwd: Path, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port), "--server.headless", "true"],
            cwd=cwd,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(240):
            try:
                urllib.request.urlopen(self.url + "_stcore/health", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{script.name} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


async def visit(browser, url: str, started: float, settle: float = 0.0) -> float | None:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})

    async def only_local(route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        local = host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "about:"))
        await (route.continue_() if local else route.abort())

    await context.route("**/*", only_local)
    page = await context.new_page()
    try:
        await page.goto(url, timeout=LIMIT_S * 1000)
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        await frame.locator(MARKERS).first.wait_for(timeout=LIMIT_S * 1000)
        served = time.perf_counter() - started
        if settle:
            await asyncio.sleep(settle)
        return served
    except Exception:  # noqa: BLE001 - a session not served in time counts as not served
        return None
    finally:
        if settle:
            await context.close()


async def with_browser(work):
    from playwright.async_api import async_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            return await work(browser)
        finally:
            await browser.close()


def first_visits(pages: list[tuple[str, list[int]]], count: int) -> list[float]:
    """Server CPU seconds per first visit to each (url, server pids), visitors one after another, the pages taken in
    turn so that the machine's drift falls on each alike (the first visit of each, which fills the caches, not
    counted)."""

    async def work(browser):
        used = [0.0] * len(pages)
        for round_ in range(count + 1):
            for index, (url, pids) in enumerate(pages):
                cpu = cpu_seconds(pids)
                if await visit(browser, url, time.perf_counter(), SETTLE_S) is None:
                    raise RuntimeError(f"a first visit to {url} drew no marker")
                if round_:
                    used[index] += cpu_seconds(pids) - cpu
        return [total / count for total in used]

    return asyncio.run(with_browser(work))


def at_once(url: str, pids: list[int], n: int) -> tuple[int, float, float, float, float, float]:
    """N visitors at once: served, median and worst seconds to markers (the limit if one was not served), MB and CPU
    seconds per session, and the seconds until the last one served had its markers."""

    async def work(browser):
        before, cpu = resident_mb(pids), cpu_seconds(pids)
        started = time.perf_counter()
        times = await asyncio.gather(*(visit(browser, url, started) for _ in range(n)))
        return times, resident_mb(pids) - before, cpu_seconds(pids) - cpu

    times, grown, used = asyncio.run(with_browser(work))
    served = [value for value in times if value is not None]
    median = statistics.median(served) if served else float("nan")
    worst = max(served) if len(served) == n else LIMIT_S
    return len(served), median, worst, grown / n, used / n, max(served, default=float("nan"))


def bare_page(tmp: Path) -> tuple[Path, Path, dict[str, str]]:
    """bench/bare_page.py in a folder of its own, beside the app's static files, with the placed actions as a CSV."""
    from utils.actions.load import load_actions
    from utils.actions.loaded import content_digest, place
    from utils.places.geocode import default_geocoder
    from utils.settings import settings_from

    folder = tmp / "bare"
    (folder / ".streamlit").mkdir(parents=True)
    shutil.copy(REPO / "bench" / "bare_page.py", folder / "bare_page.py")
    shutil.copy(REPO / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / "static").symlink_to(REPO / "static")
    settings = settings_from({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp / "bare-cache.jsonl")}, {})
    raw = settings.data.read_bytes()
    placed = place(load_actions(raw), settings.data.name, content_digest(raw), default_geocoder(settings), lambda _: None)
    placed.actions[["id", "action_kind", "organisations", "city", "lat", "lon"]].to_csv(folder / "placed.csv", index=False)
    return folder / "bare_page.py", folder, {"SOLIDARITY_MAP_BARE_CSV": str(folder / "placed.csv")}


def app_env(tmp: Path, database: str) -> dict[str, str]:
    return {
        "SOLIDARITY_MAP_OFFLINE": "1",
        "SOLIDARITY_MAP_PUBLIC": "1",
        "SOLIDARITY_MAP_DATABASE_URL": database,
        "SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp / "cache.jsonl"),
        "SOLIDARITY_MAP_TRUSTED_PROXIES": "127.0.0.1",
    }


@contextlib.contextmanager
def servers(script: Path, cwd: Path, env: dict[str, str], count: int = 1) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for _ in range(count):
            started.append(Server(script, cwd, env))
        yield started
    finally:
        for server in started:
            server.stop()


def compare_first_visits(tmp: Path, count: int) -> None:
    script, folder, env = bare_page(tmp)
    with (
        servers(script, folder, env) as (bare,),
        servers(REPO / "dashboard.py", REPO, app_env(tmp, f"sqlite:///{tmp / 'first.db'}")) as (app,),
    ):
        floor, ours = first_visits([(bare.url, [bare.process.pid]), (app.url, [app.process.pid])], count)
    print(f"first visit, one after another ({count} each, in turn): bare page {floor:.3f} s, dashboard {ours:.3f} s of the server's CPU")
    print(f"first_visit bare_cpu_s={floor:.3f} app_cpu_s={ours:.3f} ratio={ours / floor:.2f}")


def many_at_once(tmp: Path, rounds: list[int]) -> None:
    with servers(REPO / "dashboard.py", REPO, app_env(tmp, f"sqlite:///{tmp / 'many.db'}")) as (app,):
        pids = [app.process.pid]
        for n in rounds:
            served, median, worst, per_session, cpu, _ = at_once(app.url, pids, n)
            print(
                f"{n} sessions at once: {served} served, median {median:.1f} s, worst {worst:.1f} s to markers, "
                f"{per_session:.1f} MB and {cpu:.2f} s of the server's CPU per session"
            )
            print(
                f"sessions n={n} served={served} median_s={median:.1f} worst_s={worst:.1f} "
                f"mb_per_session={per_session:.1f} server_cpu_s_per_session={cpu:.2f}"
            )


def through_proxy(tmp: Path, n: int) -> None:
    from tests.nginx import running_nginx
    from tests.pgserver import fresh_database, running_server
    from utils.live.store import Store

    figures = {}
    with running_server() as postgres:
        for processes in (1, 2):
            with fresh_database(postgres) as database:
                store = Store(database)
                store.seed((REPO / "data" / "actions.csv").resolve())
                store.engine.dispose()
                with servers(REPO / "dashboard.py", REPO, app_env(tmp, database), processes) as apps:
                    with running_nginx(tmp / f"nginx{processes}", [app.port for app in apps], free_port()) as proxy:
                        pids = [app.process.pid for app in apps]
                        for app in apps:  # each process loads and places the data once, before the visitors come
                            asyncio.run(with_browser(lambda browser, url=app.url: visit(browser, url, time.perf_counter(), SETTLE_S)))
                        served, median, worst, _, cpu, last = at_once(proxy, pids, n)
                        figures[processes] = served / (last / 60)  # while they were being served
                        print(
                            f"through nginx, {processes} app process(es), {n} visitors at once: {served} served, "
                            f"median {median:.1f} s, worst {worst:.1f} s, {figures[processes]:.0f} visitors a minute, "
                            f"{cpu:.2f} s of the servers' CPU each"
                        )
    print(f"proxy n={n} one_process_per_min={figures[1]:.0f} two_processes_per_min={figures[2]:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first", type=int, default=8, help="first visits one after another, per page (0: skip)")
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 30], help="rounds of visitors at once, one process")
    parser.add_argument("--proxy", type=int, default=0, help="visitors at once through nginx, one then two processes (0: skip)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    try:
        if args.first:
            compare_first_visits(tmp, args.first)
        if args.sessions:
            many_at_once(tmp, args.sessions)
        if args.proxy:
            through_proxy(tmp, args.proxy)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

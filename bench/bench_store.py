"""The actions' database under load: reports accepted per second on SQLite and on PostgreSQL, and the time
from a moderator's approval to the action being on another visitor's map page.

Run: .venv/bin/python -m bench.bench_store [--reports 500]
PostgreSQL is Debian's package, started here as the tests start it (tests/pgserver.py).

What it measures:
- reports/s: `Store.submit` from 4 threads at once (each report checked by the loader, one transaction each),
  as visitors would send them during an action week;
- approval to page: approve one report, then a new visitor's session (Streamlit's AppTest, in process) runs
  the Map page on the day of that report until the report is among its actions: the export, the loader and
  the geocoder's work of the next run (the browser's drawing is not included).
Last line: `store sqlite_reports_per_s=A postgresql_reports_per_s=B approval_to_page_s=C`
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

from tests.pgserver import fresh_database, running_server
from utils.live.store import Store

REPO = Path(__file__).resolve().parent.parent
REPORT = {"date": "2019-03-27", "action_kind": "protest", "organisations": "Bench Union", "city": "Seoul", "country": "KR"}


def reports_per_second(url: str, count: int, threads: int = 4) -> float:
    store = Store(url)
    each = count // threads

    def send(number: int) -> None:
        for index in range(each):
            store.submit({**REPORT, "description": f"report {number}-{index}"}, sender=f"bench-{number}")

    workers = [threading.Thread(target=send, args=(number,)) for number in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    assert store.count("pending") == each * threads
    store.engine.dispose()
    return each * threads / elapsed


def approval_to_page(url: str) -> float:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ.update(SOLIDARITY_MAP_OFFLINE="1", SOLIDARITY_MAP_DATABASE_URL=url)
    os.environ.pop("SOLIDARITY_MAP_DATA", None)
    st.cache_resource.clear()
    AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()  # the app opens and seeds the store
    store = Store(url)
    reference = store.submit({**REPORT, "date": "2019-03-30", "organisations": "Approved Union"})
    started = time.perf_counter()
    store.approve(f"report-{reference.lower()}", "bench", 1)
    while True:
        app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
        app.query_params["day"] = "2019-03-30"
        app.run()
        html = " ".join(element.proto.body for element in app.get("html"))
        if 'sm-figure-value">1</span> <span class="sm-figure-label">action<' in html:
            return time.perf_counter() - started
        if time.perf_counter() - started > 120:
            raise RuntimeError("the approved report never reached the page")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = reports_per_second(f"sqlite:///{tmp}/bench.db", args.reports)
        print(f"sqlite: {args.reports} reports, {sqlite:.0f} reports/s")
        with running_server() as server, fresh_database(server) as url:
            postgres = reports_per_second(url, args.reports)
            print(f"postgresql: {args.reports} reports, {postgres:.0f} reports/s")
        to_page = approval_to_page(f"sqlite:///{tmp}/page.db")
        print(f"approval to the next visitor's page (SQLite, bundled data + 1): {to_page:.2f} s")
    print(f"store sqlite_reports_per_s={sqlite:.0f} postgresql_reports_per_s={postgres:.0f} approval_to_page_s={to_page:.2f}")


if __name__ == "__main__":
    main()

"""What a visitor can reach on the running server, past the pages: the upload endpoint and the websocket's clear_cache.

Spoken to as a browser would, over HTTP and Streamlit's websocket on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import urllib.error
import urllib.request

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import App

CSV_PART = (
    b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\ncity\nSeoul\n\r\n--b--\r\n'
)


def run(coroutine):
    """Runs a coroutine in a thread of its own: Playwright's sync API may hold this thread's event loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Visitor:
    """One browser tab: the XSRF cookie, a websocket session, its id."""

    def __init__(self, app: App):
        self.app = app
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(app.url + "_stcore/health").read()

    async def session(self, wait_for_run: bool, then: BackMsg | None = None, upload: bool = False, body: bytes = CSV_PART) -> str | int:
        """Opens a session; returns its id, or with `upload` the status of an upload sent while it is open."""
        async with websockets.connect(self.app.url.replace("http", "ws") + "_stcore/stream", subprotocols=["streamlit"]) as socket:
            rerun = BackMsg()
            rerun.rerun_script.query_string = ""
            await socket.send(rerun.SerializeToString())
            session_id = ""
            while True:
                message = ForwardMsg()
                message.ParseFromString(await asyncio.wait_for(socket.recv(), 60))
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    session_id = message.new_session.initialize.session_id
                    if not wait_for_run:
                        break
                if kind == "script_finished":
                    break
            if then is not None:
                await socket.send(then.SerializeToString())
                await asyncio.sleep(1)
            if upload:
                return await asyncio.to_thread(self.upload, session_id, body)
            return session_id

    def upload(self, session_id: str, body: bytes = CSV_PART) -> int:
        token = next(cookie.value for cookie in self.jar if cookie.name == "_streamlit_xsrf")
        request = urllib.request.Request(
            f"{self.app.url}_stcore/upload_file/{session_id}/file-1",
            data=body,
            method="PUT",
            headers={"Content-Type": "multipart/form-data; boundary=b", "X-Xsrftoken": token},
        )
        try:
            with self.opener.open(request) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(scope="module")
def closed_app(tmp_path_factory):
    server = App(
        {"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_PUBLIC": "1", "SOLIDARITY_MAP_REPORT_PHOTOS": "0"},
        tmp_path_factory.mktemp("public"),
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def photos_app(tmp_path_factory):
    server = App(
        {"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_PUBLIC": "1", "SOLIDARITY_MAP_PHOTO_MB": "1"}, tmp_path_factory.mktemp("photos")
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def open_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploads")
    server = App({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_ALLOW_UPLOAD": "1"}, folder)
    server.folder = folder
    yield server
    server.stop()


@pytest.mark.parametrize("wait_for_run", [False, True])
def test_a_public_site_refuses_every_upload_even_before_its_first_run(closed_app, wait_for_run):
    assert run(Visitor(closed_app).session(wait_for_run, upload=True)) == 413


def test_a_public_site_taking_photos_takes_none_larger_than_a_photo_may_be(photos_app):
    """Reports carry photos, so the endpoint is open on a public site: to files no larger than SOLIDARITY_MAP_PHOTO_MB."""
    large = CSV_PART.replace(b"Seoul\n", b"Seoul\n" + b"x" * 1_200_000)
    assert run(Visitor(photos_app).session(wait_for_run=True, upload=True, body=large)) == 413
    assert run(Visitor(photos_app).session(wait_for_run=True, upload=True)) == 204


def test_with_uploads_on_the_endpoint_takes_a_file(open_app):
    assert run(Visitor(open_app).session(wait_for_run=True, upload=True)) == 204


def test_a_visitors_clear_cache_does_not_make_the_next_visitor_wait(open_app):
    clear = BackMsg()
    clear.clear_cache = True
    run(Visitor(open_app).session(wait_for_run=True, then=clear))
    run(Visitor(open_app).session(wait_for_run=True))
    log = (open_app.folder / "streamlit.log").read_text()
    assert log.count("loading and placing actions.csv") == 1, log[-3000:]

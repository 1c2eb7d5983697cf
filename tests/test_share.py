"""Sharing a view: the link reproduces it, the embed snippet is safe, the QR code reads back as the link."""

from utils.publish.share import embed_snippet, qr_png, qr_svg, view_link
from utils.view.filters import ViewFilter


def test_the_link_carries_the_whole_view_and_reads_back_as_it():
    view = ViewFilter(countries=("KR", "HK"), kinds=("protest",), search="embassy & more", day=None)
    link = view_link("https://map.example.org/map", view.to_query())
    assert link.startswith("https://map.example.org/map?")
    from urllib.parse import parse_qs, urlsplit

    again, notes = ViewFilter.from_query(parse_qs(urlsplit(link).query))
    assert again == view and notes == []


def test_the_home_pages_link_has_its_slash():
    assert view_link("http://127.0.0.1:8501", {"day": "2019-03-26"}) == "http://127.0.0.1:8501/?day=2019-03-26"
    assert view_link("https://map.example.org/", {}) == "https://map.example.org/"


def test_the_embed_snippet_is_an_iframe_in_embed_mode_with_the_link_escaped():
    snippet = embed_snippet('https://map.example.org/map?q="><script>alert(1)</script>')
    assert snippet.startswith('<iframe src="https://map.example.org/map?q=&quot;&gt;&lt;script&gt;')
    assert "embed=true" in snippet and "<script>" not in snippet


def test_the_qr_code_reads_back_as_the_link_and_comes_as_svg_too():
    import io

    import zxingcpp
    from PIL import Image

    link = "https://map.example.org/map?kind=protest&country=KR&day=2019-03-26"
    png = qr_png(link)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [link]
    assert b"<svg" in qr_svg(link)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utils.escape import escape_text, plain_table, safe_url, source_parts


@pytest.mark.parametrize(
    "text", ["<script>alert(1)</script>", '" onmouseover=alert(1) x="', "${alert(1)}", "`", "<img src=x onerror=alert(1)>", "\\`"]
)
def test_escaped_text_holds_no_markup_or_template_syntax(text):
    escaped = escape_text(text)
    for dangerous in "<>\"'`$\\":
        assert dangerous not in escaped


def test_escaping_keeps_ordinary_text_readable():
    assert escape_text("Dockers' Unions & KCTU") == "Dockers&#x27; Unions &amp; KCTU"
    assert escape_text(None) == ""


@given(st.text())
def test_escaping_never_leaves_a_dangerous_character(text):
    assert not set(escape_text(text)) & set("<>\"'`$\\")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>", "/relative", "http://", " javascript:x", "vbscript:x"]
)
def test_only_http_links_are_made(url):
    assert safe_url(url) is None
    assert source_parts(f"a report {url}") == (f"a report {url}", "")  # never a link on a card


def test_a_source_cell_splits_into_its_title_and_its_link():
    from utils.escape import source_parts

    assert source_parts("HKCTU report https://hkctu.example/r1") == ("HKCTU report", "https://hkctu.example/r1")
    assert source_parts("HKCTU report (https://hkctu.example/r1).") == ("HKCTU report", "https://hkctu.example/r1")
    assert source_parts("https://example.org/?q=<x>") == ("https://example.org/?q=<x>", "https://example.org/?q=<x>")
    assert source_parts("FIM-CISL letter to the ACFTU") == ("FIM-CISL letter to the ACFTU", "")
    assert source_parts("javascript:alert(1)") == ("javascript:alert(1)", "")


def test_a_plain_table_shows_hostile_cells_as_text_and_names_each_cell_by_its_column():
    html = plain_table(["target", 'why "not"'], [["<script>alert(1)</script>", '" onmouseover="x']])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onmouseover="x' not in html
    assert 'data-label="target"' in html and 'data-label="why &quot;not&quot;"' in html  # a phone shows each cell with its column

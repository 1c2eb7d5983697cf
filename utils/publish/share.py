"""A view to share: its link, an embed snippet for another site, and a QR code for posters and slides."""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

from utils.escape import escape_text


def view_link(page_url: str, query: Mapping[str, str | Sequence[str]]) -> str:
    """The page's address with the view's query: opening it reproduces the view."""
    parts = urlsplit(page_url)
    # the home page's address may come without its path ('http://host'): a link reads 'http://host/?day=…'
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query, doseq=True), ""))


def embed_snippet(link: str, height: int = 720) -> str:
    """An iframe for another site, in Streamlit's embed mode (no menu, no sidebar)."""
    parts = urlsplit(link)
    query = f"{parts.query}&embed=true" if parts.query else "embed=true"
    source = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    return (
        f'<iframe src="{escape_text(source)}" title="Solidarity Map" width="100%" height="{int(height)}" '
        'style="border:0" loading="lazy" allowfullscreen></iframe>'
    )


@functools.lru_cache(maxsize=64)  # the Share button is drawn on every rerun; a link's code is made once
def qr_png(link: str, scale: int = 8) -> bytes:
    """The link as a QR code, a PNG big enough to print on a poster or show on a slide."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@functools.lru_cache(maxsize=64)
def qr_svg(link: str) -> bytes:
    """The same QR code as an SVG, which prints sharp at any size."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="svg", scale=10, border=4, title="Link to this view")
    return buffer.getvalue()

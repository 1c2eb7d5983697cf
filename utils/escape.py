"""The one way text from a data file reaches HTML.

Every popup, tooltip and caption passes user text through `escape_text`. It
escapes HTML's five characters and also the backtick and dollar sign, because
folium places some text inside JavaScript template literals, where `${...}`
runs and a lone backtick ends the string.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_REPLACEMENTS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#x60;",
    "$": "&#x24;",
    "\\": "&#x5c;",
}
_TABLE = str.maketrans(_REPLACEMENTS)


def escape_text(value: object) -> str:
    """Text safe inside HTML, an HTML attribute, and a JavaScript template literal."""
    if value is None:
        return ""
    return str(value).translate(_TABLE)


def safe_url(value: object) -> str | None:
    """The URL when it is http(s) with a host, else None: never javascript:, data: or a relative path."""
    text = str(value or "").strip()
    if any(char.isspace() or ord(char) < 32 for char in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


def link_or_text(value: object, label: str | None = None) -> str:
    """An escaped link for an http(s) URL, else the escaped text itself."""
    url = safe_url(value)
    if url is None:
        return escape_text(value)
    return f'<a href="{escape_text(url)}" target="_blank" rel="noopener noreferrer">{escape_text(label or url)}</a>'

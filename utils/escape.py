"""The one way text from a data file reaches HTML.

Every popup, tooltip and caption passes user text through `escape_text`. It
escapes HTML's five characters and also the backtick and dollar sign, because
folium places some text inside JavaScript template literals, where `${...}`
runs and a lone backtick ends the string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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


NOTICE_STYLES = {  # colours close to Streamlit's own callouts, at WCAG AA contrast
    "info": ("#e8f1fb", "#0b3f73", "status"),
    "success": ("#e6f6eb", "#14532d", "status"),
    "warning": ("#fff6d6", "#5c4300", "status"),
    "error": ("#fdecec", "#7a1f25", "alert"),
    "caption": ("transparent", "#4a4c57", ""),
}


def plain_notice(kind: str, text: object, items: tuple[object, ...] | list[object] = ()) -> str:
    """A callout whose every word is plain text: HTML for a message that holds text from a link, a file or a form.

    Streamlit's callouts read Markdown, and Markdown turns text into links, images and
    headings (even escaped, a bare URL still becomes a link). Here the text and each
    item pass through `escape_text` and nothing else, so they show exactly as written.
    """
    background, colour, role = NOTICE_STYLES[kind]
    box = f"background:{background};color:{colour};border-radius:8px;padding:{'0' if kind == 'caption' else '12px 16px'};"
    size = "font-size:14px;" if kind == "caption" else "font-size:16px;"
    lines = "".join(f"<li>{escape_text(item)}</li>" for item in items)
    listing = f'<ul style="margin:6px 0 0 0;padding-left:22px">{lines}</ul>' if lines else ""
    role_attribute = f' role="{role}"' if role else ""
    return (
        f'<div class="sm-notice sm-notice-{kind}"{role_attribute} style="{box}{size}line-height:1.5;'
        f'font-family:&quot;Source Sans&quot;,system-ui,sans-serif;white-space:pre-wrap;overflow-wrap:anywhere">'
        f"{escape_text(text)}{listing}</div>"
    )


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


def source_parts(value: object) -> tuple[str, str]:
    """A source cell as (title, url): 'HKCTU report https://x.org/r' -> ('HKCTU report', 'https://x.org/r').

    The url is '' when the cell holds no http(s) link; the title is the url itself when the cell is only a link.
    """
    text = str(value or "").strip()
    if safe_url(text):
        return text, text
    for word in re.findall(r"https?://\S+", text):
        url = safe_url(word.rstrip(").,;]"))
        if url:
            title = text.replace(word, "").strip(" -–—:|()[]<>,;")
            return title or url, url
    return text, ""


# --- spreadsheets ---------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP's CSV injection list)


def safe_cell(value: object) -> object:
    """A cell a spreadsheet will show as text, never run: '=HYPERLINK(..)' -> "'=HYPERLINK(..)"."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def looks_like_formula(text: str) -> bool:
    """What the loader warns of when reading a file: a cell a spreadsheet would run (it starts with one of
    FORMULA_START), other than a signed number or a dash before a phrase ('- 5', '-12', '+44 20')."""
    if not text or not text.startswith(FORMULA_START):
        return False
    return text[0] in "=@\t\r" or bool(re.match(r"^[+\-]\s*[A-Za-z(]", text))


def plain_table(headers: Sequence[object], rows: Iterable[Sequence[object]], caption: str = "") -> str:
    """A table whose every cell is plain text (escape_text): a short listing a phone reads without a data grid's
    scripts; it wraps long cells instead of cutting them, and on a phone each row is a card of its cells, each cell
    named by its column (`data-label`, templates/table.css)."""
    names = [escape_text(name) for name in headers]
    head = "".join(f'<th scope="col">{name}</th>' for name in names)
    body = "".join(
        "<tr>" + "".join(f'<td data-label="{name}">{escape_text(cell)}</td>' for name, cell in zip(names, row, strict=True)) + "</tr>"
        for row in rows
    )
    said = f"<caption>{escape_text(caption)}</caption>" if caption else ""
    return f'<div class="sm-table-box"><table class="sm-table">{said}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'

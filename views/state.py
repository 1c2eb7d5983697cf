"""What a visitor's session remembers between runs, declared once: each key with its type and default.

Pages read and write `state.DAY.get()`, `state.DAY.set(day)`, never `st.session_state["day"]`:
a misspelt key is then an AttributeError at once, not a value silently missing, and a test
fails on a string key anywhere else. A widget that keeps its value in the session is given
`key=state.DAY_PICK.name`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import streamlit as st

if TYPE_CHECKING:
    from utils.actions.loaded import Loaded
    from utils.places.geocode import Geocoder

T = TypeVar("T")
_UNSET: Any = object()


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T
    about: str

    def get(self, default: T = _UNSET) -> T:
        """The session's value, else `default`, else the key's own default (a fresh copy of a list)."""
        if self.name in st.session_state:
            return st.session_state[self.name]
        fallback = self.default if default is _UNSET else default
        return list(fallback) if isinstance(fallback, list) else fallback

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def pop(self) -> T:
        return st.session_state.pop(self.name, self.default)

    def present(self) -> bool:
        return self.name in st.session_state


def widget_value(name: str, default: Any = None) -> Any:
    """What a widget drawn with `key=name` holds now (what was typed, before any write), else `default`."""
    return st.session_state.get(name, default)


def widgets(prefix: str) -> dict[str, Any]:
    """Every widget's value whose key starts with `prefix`: a form's fields as typed."""
    return {str(name): value for name, value in st.session_state.items() if str(name).startswith(prefix)}


def set_widget(name: str, value: Any) -> None:
    """Put a value in the widget drawn with `key=name` (from a callback, before it is drawn again)."""
    st.session_state[name] = value


def restore_widgets(values: dict[str, Any]) -> None:
    """Put back the values of widgets a run dropped (drawn again with these keys, they show them); others are left as they are."""
    for name, value in values.items():
        if name not in st.session_state:
            st.session_state[name] = value


def forget_widgets(prefix: str) -> None:
    """Empty every widget whose key starts with `prefix` (a form, once sent)."""
    for name in [name for name in st.session_state if str(name).startswith(prefix)]:
        del st.session_state[name]


# the view, as the sidebar's widgets hold it (and the URL says it)
DATES_MODE: Key[str | None] = Key("dates_mode", None, "the Dates radio: a week's label, All dates or Choose dates")
DATES_RANGE: Key[tuple[dt.date, dt.date] | None] = Key("dates_range", None, "the dates chosen with Choose dates")
PENDING_DATES_MODE: Key[str | None] = Key("pending_dates_mode", None, "the Dates radio's next value, set before it is drawn")
COUNTRIES: Key[list[str]] = Key("countries", [], "the Country filter: ISO codes")
KINDS: Key[list[str]] = Key("kinds", [], "the Kind of action filter")
ORGANISATIONS: Key[list[str]] = Key("organisations", [], "the Organisation filter")
SEARCH: Key[str] = Key("search", "", "the Search box")
DAY: Key[dt.date | None] = Key("day", None, "the day the player shows; None for every day of the range")
ACTION: Key[str] = Key("action", "", "the selected action's id")
MAP: Key[dict | None] = Key("map", None, "what the map last reported (streamlit-folium's value): its bounds and zoom")
SLIDE: Key[str] = Key("slide", "", "the Presentation's slide, as its link says it")
LANGUAGE: Key[str] = Key("language", "", "the interface's language code: from the link, else the browser, else the picker")
URL_NOTES: Key[list[str]] = Key("url_notes", [], "what could not be used of the link that opened the session, said once")

# the Map page's player and details
DAY_PICK: Key[dt.date | str] = Key("day_pick", "all", "the day slider: a day, or 'all'")
PLAYING: Key[bool] = Key("playing", False, "whether the player steps through the days")
LAST_STEP: Key[float] = Key("last_step", 0.0, "when the player last stepped (time.monotonic)")
PACE: Key[str] = Key("pace", "normal (3 s)", "the player's pace")
ACTION_PICK: Key[str] = Key("action_pick", "", "the Action details box")

# the visitor's own file
UPLOADED: Key[Loaded | None] = Key("uploaded", None, "the visitor's file, loaded and placed; None for the bundled data")
VISITOR_GEOCODER: Key[Geocoder | None] = Key("visitor_geocoder", None, "the geocoder of this visitor's uploads: its answers stay here")
UPLOAD_FILE: Key[Any] = Key("upload_file", None, "the file uploader")

# the report form
REPORTER: Key[str] = Key("reporter", "", "this session's id for the report rate limit (random, never shown)")
REPORT_REFERENCE: Key[str] = Key("report_reference", "", "the reference of the report just sent, said once")
REPORT_PREVIEW: Key[bool] = Key("report_preview", False, "whether the place preview is open")
REPORT_TOKEN: Key[str] = Key("report_token", "", "this form's token: a report sent again with it is stored once")
PICTURE: Key[tuple | None] = Key("picture", None, "the last picture made to share: which view, kind and language, and its bytes")
REPORT_PHOTOS_ROUND: Key[int] = Key("report_photos_round", 0, "which report's photo picker: a sent report's photos leave with it")
REPORT_DRAFT: Key[dict] = Key("report_draft", {}, "the form's fields as last typed, kept outside the widgets: a failed run loses none")

# the report reader on the Data page
TABLE_PAGE: Key[int] = Key("table_page", 1, "the Data page's table: which page of rows")
TABLE_ORDER: Key[str] = Key("table_order", "date, earliest first", "the Data page's table: in which order its rows run")
READER_OPEN: Key[bool] = Key("reader_open", False, "whether the report reader is open")
READER_DRAFTS: Key[list[dict] | None] = Key("reader_drafts", None, "the draft rows read from the last report; None before any")
READER_TEXT: Key[str] = Key("reader_text_read", "", "the report's text the drafts were read from")
READER_UNREAD: Key[int] = Key("reader_unread", 0, "how many sentences the last reading left unread when its time ran out")

# moderators
MODERATOR: Key[str] = Key("moderator", "", "the signed-in moderator's name; empty for a visitor")
MODERATOR_TOKEN: Key[str] = Key("moderator_token", "", "the signed-in moderator's session token (their cookie's value)")
COOKIE_SCRIPT: Key[str] = Key("cookie_script", "", "a cookie to set or clear in the browser, once, on the next run")
QUEUE_PICK: Key[str] = Key("queue_pick", "", "the report the moderator is working on (its id)")
QUEUE_SEEN: Key[tuple[str, int, dict] | None] = Key(
    "queue_seen", None, "the report the moderator's page last showed: its id, version and cells (what their typing was made on)"
)
OUTCOMES: Key[list[tuple[str, str, list[str], str]]] = Key(
    "outcomes", [], "what the moderator's last clicks did: (kind, text, items, action id), said once on the next run"
)

FILTERS: tuple[Key[list[str]], ...] = (COUNTRIES, KINDS, ORGANISATIONS)

"""Every setting, default, limit and path, in one table: the `Settings` dataclass (each field a setting, its
default and what it does), the bundled files' paths, and how much one file may hold (`Limits`).

Each setting can be given as an environment variable named SOLIDARITY_MAP_<NAME>
(for example SOLIDARITY_MAP_OFFLINE=1) or in Streamlit's secrets under the same
lower-case name. A wrong value fails at start with the setting's name in it. The manual's table of
settings is checked against this one by tests/test_settings.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from utils.errors import ConfigError
from utils.live.addresses import trusted_networks

PREFIX = "SOLIDARITY_MAP_"
REPO = Path(__file__).resolve().parent.parent
BUNDLED_DATA = REPO / "data" / "actions.csv"  # the campaign's actions: seed the database once
BUNDLED_CAMPAIGN = REPO / "data" / "campaign.toml"  # its title, words and weeks
BUNDLED_EMBASSIES = REPO / "data" / "embassies.csv"  # every country's missions, from Wikidata (python -m utils embassies refresh)
BUNDLED_CACHE = REPO / "data" / "geocode_cache.jsonl"  # the bundled actions' places, read and never written
CACHE_DIR = Path.home() / ".cache" / "solidarity-map"  # the geocode cache and the gazetteer's index, by default
DEFAULT_DATABASE = Path.home() / ".local" / "share" / "solidarity-map" / "actions.db"  # when no database is named


@dataclass(frozen=True)
class Limits:
    """How much one file may hold, so that no file can exhaust the server's memory.

    Set from SOLIDARITY_MAP_MAX_ROWS, _MAX_COLUMNS and _MAX_FILE_MB (for uploads: _MAX_UPLOAD_MB, _MAX_UPLOAD_ROWS
    and _MAX_UPLOAD_CELLS).
    """

    max_bytes: int = 200_000_000
    max_rows: int = 2_000_000
    max_columns: int = 300
    max_cells: int = 50_000_000  # rows times columns: what memory a file needs grows with its cells, not its bytes


@dataclass(frozen=True)
class Settings:
    data: Path = BUNDLED_DATA
    """The actions CSV the dashboard shows. Left as it is, the actions live in the database (database_url),
    which this file seeds once; pointed at another CSV, that file is shown read-only, with no reports."""
    database_url: str = ""
    """The actions' database, a SQLAlchemy URL (sqlite:///PATH, or postgresql+psycopg://USER:PASSWORD@HOST/NAME for
    a hosted site). Empty: an SQLite file under ~/.local/share/solidarity-map/."""
    campaign: str = ""
    """The campaign file (title, words, weeks of action; see data/campaign.toml). Empty: FILE.campaign.toml or
    campaign.toml beside the data file; with neither, the headings come from the data file's own name and dates."""
    offline: bool = False
    """No network at all: no Nominatim, no map tiles (an outline basemap instead)."""
    geocode_cache: Path = CACHE_DIR / "geocode_cache.jsonl"
    """The persistent geocode cache (JSON lines, safe for several processes). The bundled
    data's answers are read from data/geocode_cache.jsonl as well, which is never written."""
    gazetteer_dir: Path = CACHE_DIR
    """Where the offline gazetteer index is built once from the installed packages."""
    nominatim_domain: str = "nominatim.openstreetmap.org"
    """Nominatim server; point it at your own."""
    nominatim_scheme: str = "https"
    nominatim_user_agent: str = "solidarity-map/1.0 (map of solidarity actions)"
    """Nominatim's usage policy asks for a user agent naming the app."""
    nominatim_email: str = ""
    """Optional contact address sent to Nominatim."""
    nominatim_timeout: float = 10.0
    """Seconds to wait for one Nominatim answer."""
    nominatim_min_delay: float = 1.0
    """Seconds between two Nominatim requests (the usage policy's limit is 1/s)."""
    nominatim_retries: int = 2
    """Tries again after a 429 or 5xx answer, with backoff."""
    tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    """Map tiles (a URL template). OpenStreetMap's own servers suit light use; a busy public site should use its own."""
    tiles_attribution: str = "&copy; OpenStreetMap contributors"
    tile_cache: Path = CACHE_DIR / "tiles"
    """Where the tiles a poster or a movie was drawn over are kept (when not offline): each fetched once, shared by the app's processes."""
    public: bool = False
    """A site open to the public: no visitor may upload (whatever allow_upload says). See docs/live.md, "A public site"."""
    allow_upload: bool = True
    """Whether visitors may load their own CSV (turn off for public deployments). Off, the server's upload endpoint refuses every file."""
    max_upload_mb: int = 25
    """Largest CSV a visitor may upload, in megabytes."""
    max_file_mb: int = Limits.max_bytes // 1_000_000
    """Largest CSV the dashboard's own data or a command reads, in megabytes."""
    max_rows: int = Limits.max_rows
    """Most rows the dashboard's own file or a command reads; a longer file is refused whole, with a message (never cut silently)."""
    max_upload_rows: int = 250_000
    """Most rows a visitor's upload may have."""
    max_upload_cells: int = 5_000_000
    """Most cells (rows times columns) a visitor's upload may have: one visitor's file cannot exhaust the server's memory."""
    max_columns: int = Limits.max_columns
    """Most columns one file may have."""
    story_most: int = 5000
    """Most actions the Presentation page tells (each drawn on its slides and in the file to take along); a larger view is asked to narrow."""
    table_rows: int = 500
    """Most rows the Data page's table shows at once; a longer view is shown a page at a time, in the order chosen."""
    max_days: int = 366
    """Most days the timeline, the day player and the story build for one view; a longer span is cut, with a note."""
    marker_limit: int = 3000
    """Most actions the map draws one by one; with more in and around the view it draws cells with their counts,
    counted on the server, and fetches the next view's as the map is moved or zoomed."""
    trusted_proxies: str = ""
    """Addresses or networks (comma-separated: 127.0.0.1, 10.0.0.0/8) of the reverse proxies in front of the app. A
    connection from one of them is a proxy's, and the client's own address is read from its X-Forwarded-For or
    X-Real-IP; from anyone else those headers are ignored. The report limits and the sign-in throttle count the client's address."""
    moderator_hours: float = 12.0
    """How long a moderator's sign-in lasts across reloads (a cookie naming a session kept in the database); 0: until the tab closes."""
    reader_seconds: float = 5.0
    """Most seconds of server time one reading of a report takes on the Data page; the sentences not read by then are said."""
    report_photos: bool = True
    """Whether a report may carry photos (up to 4, each at most photo_mb). On, the server takes uploads of that size even
    on a public site (a visitor's own file stays refused there: no page offers it)."""
    photo_mb: int = 20
    """Largest photo a report may carry, in megabytes, as sent (it is kept far smaller, re-encoded)."""
    remote_images: bool = False
    """Whether a card may draw a photo from another site (a link in a file's photo cell) in the visitor's browser. Off,
    the server fetches each linked photo once (when not offline), cleans it as a report's photo is and serves its own
    copy: no visitor's browser asks a third party for anything. On, the server fetches none."""
    photo_shelf: Path = CACHE_DIR / "photos"
    """Where the app keeps its cleaned copies of files' photos (linked, or beside the data file) and what each link or
    file became, shared by the app's processes: nothing is fetched or cleaned twice."""
    photo_timeout: float = 10.0
    """Seconds to wait for one linked photo."""
    contact_days: int = 30
    """Days a reporter's e-mail is kept after a moderator decides the report (approved or rejected); then it is erased.
    0 erases it as soon as the report is decided. `python -m utils store forget ADDRESS` erases one person's at once."""
    share_upload_geocodes: bool = False
    """Whether places found for a visitor's upload go into the server's geocode cache (off: they stay in the visitor's session)."""

    @property
    def uses_database(self) -> bool:
        """Whether the actions live in the database (reports and moderators), or in a CSV shown read-only."""
        return self.data == BUNDLED_DATA

    @property
    def uploads_open(self) -> bool:
        return self.allow_upload and not self.public

    def file_limits(self, upload: bool = False) -> Limits:
        """How much one file may hold: the upload limit for a visitor's file, the file limit otherwise."""
        if upload:
            return Limits(self.max_upload_mb * 1_000_000, self.max_upload_rows, self.max_columns, self.max_upload_cells)
        return Limits(max_bytes=self.max_file_mb * 1_000_000, max_rows=self.max_rows, max_columns=self.max_columns)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _convert(name: str, kind: type, raw: object) -> object:
    text = str(raw).strip()
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        if text.casefold() in _TRUE:
            return True
        if text.casefold() in _FALSE:
            return False
        raise ConfigError(f"{PREFIX}{name.upper()}={text!r}: expected 1/0, true/false, yes/no")
    if kind in (int, float):
        try:
            value = kind(text)
        except ValueError:
            raise ConfigError(f"{PREFIX}{name.upper()}={text!r}: expected a number") from None
        if value < 0:
            raise ConfigError(f"{PREFIX}{name.upper()}={text!r}: must not be negative")
        return value
    if kind is Path:
        return Path(text).expanduser()
    if name == "trusted_proxies":
        trusted_networks(text)  # a wrong address fails at start, naming itself
    if name == "nominatim_scheme" and text not in ("http", "https"):
        raise ConfigError(f"{PREFIX}NOMINATIM_SCHEME={text!r}: expected http or https")
    return text


def settings_from(env: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> Settings:
    """Settings from environment variables, then Streamlit secrets, then defaults."""
    values: dict[str, object] = {}
    hints = {field.name: field.type for field in dataclasses.fields(Settings)}
    kinds = {"bool": bool, "int": int, "float": float, "Path": Path, "str": str}
    for name, hint in hints.items():
        raw = env.get(PREFIX + name.upper())
        if raw is None and secrets is not None:
            raw = secrets.get(name)
        if raw is not None:
            values[name] = _convert(name, kinds[str(hint)], raw)
    return Settings(**values)

"""What every page shares: the settings, the placed actions, the sidebar's view, the URL.

The only Streamlit-aware helpers outside the pages themselves; all logic is in utils/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit import config as streamlit_config

from utils.actions.campaign import Campaign, campaign_beside, campaign_of_file, read_campaign
from utils.actions.load import load_actions
from utils.actions.loaded import Loaded, content_digest, place
from utils.actions.schema import ACTION_KINDS
from utils.errors import ConfigError
from utils.escape import plain_notice
from utils.i18n import ENGLISH, LANGUAGE, LANGUAGES, N_, Words, language_of_link, preferred_language, words_in
from utils.live.addresses import client_address, trusted_networks
from utils.live.reports import PER_ADDRESS, PER_SESSION, too_many
from utils.live.store import DATABASE_ERRORS, Store, database_url
from utils.map import assets
from utils.map.mapview import build_map
from utils.map.placenames import write_place_files
from utils.photos.clean import SERVED, photo_name, publish_photos
from utils.photos.shelf import drawn_photos, operator_photos, photo_data
from utils.places.geocode import default_geocoder
from utils.publish import poster
from utils.publish.basemap import tile_source
from utils.publish.share import embed_snippet, qr_png, qr_svg, view_link
from utils.settings import REPO, Settings, settings_from
from utils.view import memo
from utils.view.fields import kind_word
from utils.view.filters import ViewFilter, ViewResult, apply, fit_to_data, organisations_of, other_names, quoted
from utils.view.timeline import data_span
from views import state

log = logging.getLogger(__name__)
ALL_LABEL = N_("All dates")  # the Dates radio's own choices, as its state holds them (shown in the chosen language)
CHOOSE_LABEL = N_("Choose dates")


@dataclass(frozen=True)
class Context:
    settings: Settings
    loaded: Loaded
    view: ViewFilter
    result: ViewResult
    notes: tuple[str, ...]
    asset_urls: dict[str, str]
    opened_link: bool = False  # this run is the one that opened the link: its notes are said now
    words: Words = ENGLISH  # the interface's language

    @property
    def campaign(self) -> Campaign:
        """The campaign's words in the chosen language."""
        return self.loaded.campaign.in_language(self.words)


def app_secrets() -> dict:
    """Streamlit's secrets (.streamlit/secrets.toml), or none."""
    try:
        return {name: st.secrets[name] for name in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return {}


@st.cache_resource
def app_settings() -> Settings:
    return settings_from(os.environ, app_secrets())


def close_what_visitors_should_not_reach(settings: Settings) -> None:
    """Streamlit's server takes uploads from any session whether or not a page shows an uploader: with uploads off
    and reports taking no photos, its size limit is 0, so the endpoint refuses every file (413); with photos on, it
    takes none larger than a photo may be."""
    photos = settings.photo_mb if settings.report_photos and settings.uses_database else 0  # a report's photos
    limit = max(settings.max_upload_mb if settings.uploads_open else 0, photos)
    if streamlit_config.get_option("server.maxUploadSize") != limit:
        streamlit_config.set_option("server.maxUploadSize", limit, "SOLIDARITY_MAP settings")
        log.info("uploads %s: server.maxUploadSize is %s MB", "open" if limit else "closed", limit)


@memo.shared(max_entries=4)
def shared_geocoder(settings: Settings):
    """One geocoder, and so one Nominatim rate limiter, for every visitor of this process."""
    return default_geocoder(settings)


@st.cache_resource
def served_assets() -> Path:
    return assets.install(REPO / "static")


def asset_urls(settings: Settings | None = None) -> dict[str, str]:
    """The map's files as the browser reaches them; offline, the place names' folder too ('places')."""
    served_assets()
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    urls = assets.urls(f"{prefix}/app/static/{assets.VENDOR}")
    if settings is not None:  # the photos the cards draw: photos/<digest>.jpg beneath it
        urls["photos"] = f"{prefix}/app/static/{media_folder(settings)}/"
        if settings.remote_images:  # the operator lets a card draw another site's photo itself
            urls["remote_images"] = "yes"
    folder = served_place_names(settings) if settings is not None and settings.offline else ""
    if folder:
        urls["places"] = f"{prefix}/app/static/{assets.VENDOR}/{PLACES}/{folder}"
    return urls


PLACES = "places"


@memo.shared(max_entries=2)
def served_place_names(settings: Settings) -> str:
    """The offline map's place names (cities by zoom, the missions), written once per gazetteer and embassy list
    under static/vendor/places: the folder's name, or '' when there is no gazetteer to take them from."""
    geocoder = shared_geocoder(settings)
    try:
        gazetteer = geocoder.gazetteer
        if gazetteer is None:
            return ""
        return write_place_files(REPO / "static" / assets.VENDOR / PLACES, gazetteer, geocoder.embassies).name
    except (OSError, sqlite3.Error) as error:  # the map still draws, with its outlines alone
        log.warning("no place names for the offline map: %s: %s", type(error).__name__, error)
        return ""


@memo.shared(max_entries=4)
def load_placed(digest: str, _read: Callable[[], bytes], name: str, settings: Settings) -> Loaded:
    """Keyed on the file's content and the settings: a filter change never reloads or re-geocodes anything,
    and no visitor's clear_cache message makes the next visitor wait for it again. `_read` gives the bytes,
    asked only when they are not loaded yet."""
    log.info("loading and placing %s (%s)", name, digest[:12])
    result = load_actions(_read(), limits=settings.file_limits())
    path = Path(settings.campaign) if settings.campaign else campaign_beside(settings.data)
    campaign = read_campaign(path) if path else None  # read first: a wrong campaign file is said before any placing
    return place(
        result,
        name,
        digest,
        shared_geocoder(settings),
        lambda placed: campaign or campaign_of_file(name, placed, uploaded=False),
        photos=operator_photos(settings, settings.data.parent),  # a file's photos copied, cleaned, served by the app
    )


SHARED_VIEW_ROWS = 200_000  # a view of a bigger file is worked out per run: a few of them would fill the memory


@memo.shared(max_entries=16)
def _shared_view(digest: str, selection: ViewFilter, _loaded: Loaded) -> ViewResult:
    return apply(_loaded.actions, selection, _loaded.searched(selection))


def view_result(loaded: Loaded, view: ViewFilter) -> ViewResult:
    """The actions `view` shows, worked out once per data version and view for every visitor of this process:
    the hundreds who open a shared link within minutes all ask for the same one."""
    if len(loaded.actions) > SHARED_VIEW_ROWS:
        return apply(loaded.actions, view, loaded.searched(view))
    return _shared_view(loaded.digest, view.selection, loaded)


@memo.shared(max_entries=2)
def shared_store(settings: Settings) -> Store:
    """The actions' database, opened (and upgraded) once per process; an empty one takes the bundled file."""
    store = Store(database_url(settings.database_url))
    seeded = store.seed(settings.data)
    if seeded is not None:
        log.info("the database at %s took %s actions from %s", store.backend, seeded.added, settings.data.name)
    forget_old_contacts(store, settings)
    return store


def forget_old_contacts(store: Store, settings: Settings) -> None:
    """Reporters' contacts kept no longer than settings.contact_days after their report is decided: erased when a
    process opens the database and whenever the moderation page is drawn (a daily cron line may do it too)."""
    try:
        erased = store.forget_contacts(settings.contact_days)
    except DATABASE_ERRORS as error:  # an outage: the next opening or page erases them
        log.warning("old contacts not erased now: %s: %s", type(error).__name__, error)
        return
    if erased:
        log.info("%s reporters' contacts erased, %s days after their reports were decided", erased, settings.contact_days)


@memo.shared(max_entries=4)
def published_csv(settings: Settings, generation: int) -> bytes:
    """The published actions as a CSV, once per change: every visitor's next run shows an approval."""
    return shared_store(settings).export_csv()


def data_source(settings: Settings) -> tuple[str, Callable[[], bytes]]:
    """The actions' digest, and how to read their bytes: the database's published actions, or the CSV the
    settings name (its digest taken once per version of the file, not read and hashed on every run)."""
    if settings.uses_database:
        generation = shared_store(settings).generation()
        raw = published_csv(settings, generation)
        return content_digest(raw), lambda: raw
    path = settings.data
    stat = path.stat()
    return file_digest(str(path), stat.st_size, stat.st_mtime_ns), path.read_bytes


def media_folder(settings: Settings) -> str:
    """Where this database's published photos are served from, under the app's static folder: the app processes of
    one site (one database) share it, and another site's, on the same machine, is another."""
    return "media-" + hashlib.sha256(database_url(settings.database_url).encode("utf-8")).hexdigest()[:12]


@memo.shared(max_entries=1)
def served_photos(settings: Settings, digest: str, _loaded: Loaded) -> int:
    """The photos the actions' cards draw (published reports', and the copies of the file's own), written where the
    app serves them, once per version of the actions: a photo taken away, or whose action is protected, is no longer
    served. How many were written."""
    readers = [operator_photos(settings, None).shelf.data]
    if settings.uses_database:
        readers.insert(0, shared_store(settings).published_photo_file)
    try:
        digests = [Path(name).stem for name in drawn_photos(_loaded.actions)]
        return publish_photos(
            REPO / "static" / media_folder(settings) / SERVED, digests, lambda digest: photo_data(photo_name(digest), *readers)
        )
    except (*DATABASE_ERRORS, OSError) as error:  # the cards then say a photo exists; the next change tries again
        log.warning("photos not served now: %s: %s", type(error).__name__, error)
        return 0


def served_photo_files(settings: Settings, names: Iterable[str]) -> dict[str, bytes]:
    """The served photos of `names` (as served_photos wrote them), by name: what the story file carries inside it."""
    folder = REPO / "static" / media_folder(settings)
    files = {}
    for name in sorted(set(names)):
        try:
            files[name] = (folder / name).read_bytes()
        except OSError:  # not served (any more): its card says a photo exists
            continue
    return files


@memo.shared(max_entries=8)
def file_digest(path: str, size: int, modified_ns: int) -> str:
    return content_digest(Path(path).read_bytes())


@memo.shared(max_entries=1)
def last_good_sources() -> dict:
    """Per settings, the last actions read: what the pages show while the database does not answer."""
    return {}


def bundled_data(settings: Settings, words: Words = ENGLISH) -> Loaded:
    path = settings.data
    try:
        digest, read = data_source(settings)
        last_good_sources()[settings] = (digest, read, dt.datetime.now(dt.UTC))
    except ConfigError as error:
        st.error(words.t("A setting is wrong, so the map cannot be shown: {error}", error=error))
        st.stop()
    except Exception as error:  # a file that cannot be read, a database that cannot be reached: logged, never shown
        log.error("cannot read the actions (%s, %s): %s: %s", path, settings.uses_database and "database", type(error).__name__, error)
        if settings not in last_good_sources():
            st.error(
                words.t(
                    "The map's data cannot be read right now, so there is nothing to show yet. The site's operator has been told in the log."
                )
            )
            st.stop()
        digest, read, as_of = last_good_sources()[settings]  # every page goes on, a report form keeps what was typed
        say(
            "warning",
            words.t(
                "The newest changes cannot be read right now: this shows the actions as they were at {when} UTC.", when=f"{as_of:%H:%M}"
            ),
        )
    with st.spinner(words.t("Loading and placing the actions…")):
        try:
            loaded = load_placed(digest, read, path.name, settings)
            served_photos(settings, loaded.digest, loaded)
            return loaded
        except ConfigError as error:  # the campaign file: its name, key and problem, no path or traceback
            log.error("%s", error)
            st.error(words.t("A setting is wrong, so the map cannot be shown: {error}", error=error))
            st.stop()


def chosen_words() -> Words:
    """The interface's language: the link's `lang=`, else the browser's preference, else English; then the picker's.
    Read before anything is drawn, so every page, the sidebar and the navigation speak it."""
    if not state.LANGUAGE.present():
        asked = st.query_params.get("lang", "")
        code = language_of_link(asked) if asked else None
        if code is None:
            code = preferred_language(st.context.headers.get("Accept-Language", "") if st.context.headers else "")
        state.LANGUAGE.set(code)
    code = state.LANGUAGE.get()
    return words_in(code if code in LANGUAGE else "en")


def language_picker(words: Words) -> None:
    """The languages, each in its own words; the label says 'Language' in the chosen one and in English."""
    label = words.t("Language")
    label = label if words.english else f"{label} · Language"
    st.selectbox(label, [language.code for language in LANGUAGES], key=state.LANGUAGE.name, format_func=lambda code: LANGUAGE[code].name)


# --- the view in the sidebar and the URL ----------------------------------------


def _query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params.keys()}


def _seed_widgets(
    view: ViewFilter,
    options: dict[str, list[str]],
    notes: list[str],
    window: tuple[dt.date, dt.date],
    campaign: Campaign,
    words: Words = ENGLISH,
) -> None:
    """On a session's first run the URL is the view: put it into the widgets."""
    week = campaign.week_of(view.start, view.end)
    if view.all_dates:
        state.DATES_MODE.set(ALL_LABEL)
    elif week is not None:
        state.DATES_MODE.set(week.key)
    else:
        state.DATES_MODE.set(CHOOSE_LABEL)
        state.DATES_RANGE.set((view.start or window[0], view.end or window[1]))
    for key, values in zip(state.FILTERS, (view.countries, view.kinds, view.organisations), strict=True):
        known = [value for value in values if value in options[key.name]]
        unknown = [value for value in values if value not in options[key.name]]
        if unknown:
            notes.append(words.t("{filter}: {values} not in this data; ignored", filter=key.name, values=quoted(", ".join(unknown), 80)))
        key.set(known)
    state.SEARCH.set(view.search)
    state.DAY.set(view.day)
    if view.action and view.action not in options["ids"]:
        notes.append(words.t("action={value} is not an action in this data; no action is selected", value=quoted(view.action, 60)))
        view = view.replace(action="")
    state.ACTION.set(view.action)
    state.SLIDE.set(view.slide)


def sidebar_view(actions: pd.DataFrame, campaign: Campaign, words: Words = ENGLISH) -> tuple[ViewFilter, list[str], bool]:
    """The filters in the sidebar, kept in the URL so a copied link reproduces the view."""
    options = {
        "countries": sorted({code for code in actions["country_code"].unique() if code}, key=words.country),
        "kinds": [kind for kind in ACTION_KINDS if kind in set(actions["action_kind"].unique())],
        "organisations": organisations_of(actions),
    }
    notes: list[str] = []
    opened_link = not state.DATES_MODE.present()
    first, last = data_span(actions, campaign.first_week)
    earliest, latest = first - dt.timedelta(days=366), last + dt.timedelta(days=366)
    weeks = {week.key: week for week in campaign.weeks}
    home = campaign.home
    if opened_link or state.DATES_MODE.get() not in (*weeks, ALL_LABEL, CHOOSE_LABEL):  # or another campaign's file
        view, notes = ViewFilter.from_query(_query() if opened_link else {}, home, words)
        view, moved = fit_to_data(view, earliest, latest, home, words)
        notes += moved
        _seed_widgets(view, {**options, "ids": set(actions["id"])}, notes, (earliest, latest), campaign, words)
        state.URL_NOTES.set(notes)
    notes = state.URL_NOTES.pop()  # said once, on the run that opened the link
    for key in state.FILTERS:  # another file (an upload) may not have what was chosen
        key.set([value for value in key.get() if value in options[key.name]])
    pending = state.PENDING_DATES_MODE.pop()
    if pending:
        state.DATES_MODE.set(pending)
        state.DAY.set(None)
        state.DAY_PICK.set("all")
    chosen = state.DATES_RANGE.get()
    if isinstance(chosen, (tuple, list)):  # another file has another window: keep the choice inside it
        state.DATES_RANGE.set(tuple(min(max(day, earliest), latest) for day in chosen))
    with st.sidebar:
        language_picker(words)
        st.header(words.t("Filters"))
        mode = st.radio(
            words.t("Dates"),
            [*weeks, ALL_LABEL, CHOOSE_LABEL],
            key=state.DATES_MODE.name,
            format_func=lambda mode: weeks[mode].label_in(words) if mode in weeks else words.t(mode),
        )
        start, end = weeks[mode].dates if mode in weeks else (None, None)
        if mode == CHOOSE_LABEL:
            chosen = st.date_input(
                words.t("From – to"),
                value=state.DATES_RANGE.get() or (home if all(home) else (first, last)),
                min_value=earliest,
                max_value=latest,
                key=state.DATES_RANGE.name,
                format="YYYY-MM-DD",
            )
            if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
                start, end = chosen
            elif isinstance(chosen, (tuple, list)) and len(chosen) == 1:
                start = end = chosen[0]
        countries = st.multiselect(
            words.t("Country"),
            options["countries"],
            key=state.COUNTRIES.name,
            format_func=words.country,
            placeholder=words.t("All countries"),
        )
        kinds = st.multiselect(
            words.t("Kind of action"),
            options["kinds"],
            key=state.KINDS.name,
            format_func=lambda kind: kind_word(kind, words),
            placeholder=words.t("All kinds"),
        )
        organisations = st.multiselect(
            words.t("Organisation"), options["organisations"], key=state.ORGANISATIONS.name, placeholder=words.t("All organisations")
        )
        search = st.text_input(words.t("Search"), key=state.SEARCH.name, placeholder=words.t("words in any field"), max_chars=200)
    view = ViewFilter(
        start=start,
        end=end,
        day=state.DAY.get(),
        countries=tuple(countries),
        kinds=tuple(kinds),
        organisations=tuple(organisations),
        search=search.strip(),
        action=state.ACTION.get() or "",
        slide=state.SLIDE.get() or "",
        language="" if words.english else words.code,  # a link in English says no language: it opens in the reader's own
    )
    days = view.replace(day=None).days()
    if view.day and days and not days[0] <= view.day <= days[1]:
        view = view.replace(day=None)
        state.DAY.set(None)
    return view, notes, opened_link


def show_all_dates() -> None:
    """The view's dates become all dates on the next run: after loading a file, its own dates are what its owner wants to see."""
    state.PENDING_DATES_MODE.set(ALL_LABEL)  # set before the widgets are drawn, by sidebar_view


PAGE_PARAMS = ("ref",)  # a page's own parameter (the status page's reference), kept as the link gave it


def write_url(view: ViewFilter, home: tuple, file_name: str = "") -> None:
    wanted = view.to_query(home)
    for name in PAGE_PARAMS:
        if st.query_params.get(name):
            wanted[name] = st.query_params[name][:40]
    if file_name:  # marks the link as one of an upload: a reload can then say the file is gone, not show other data silently
        wanted["file"] = file_name[:100]
    if _query() != {name: value if isinstance(value, list) else [value] for name, value in wanted.items()}:
        st.query_params.from_dict(wanted)


def context(settings: Settings, words: Words = ENGLISH) -> Context:
    uploaded = state.UPLOADED.get() if settings.uploads_open else None
    loaded = uploaded or bundled_data(settings, words)
    view, notes, opened_link = sidebar_view(loaded.actions, loaded.campaign.in_language(words), words)
    if view.search:
        gazetteer = shared_geocoder(settings).gazetteer
        view = view.replace(also=other_names(view.search, gazetteer.names_of if gazetteer else (lambda name: []), words))
    asked_for_file = st.query_params.get("file", "") if opened_link else ""  # the URL is rewritten below, after this run's look
    if asked_for_file and uploaded is None:
        notes.append(
            words.t(
                "file={value}: a file you load is kept for your session only, and a reload or a new tab starts a new one "
                "(nothing is stored on the server); showing the bundled data. Load the file again on the Data page.",
                value=quoted(asked_for_file, 100),
            )
        )
    write_url(view, loaded.campaign.home, loaded.name if uploaded is not None else "")
    return Context(
        settings,
        loaded,
        view,
        view_result(loaded, view),
        tuple(notes),
        asset_urls(settings),
        opened_link,
        words,
    )


def small_map(ctx: Context, actions: pd.DataFrame):
    """A small map of a few actions (an upload's preview, a report's place) with the site's tiles or outlines."""
    return build_map(
        actions,
        offline=ctx.settings.offline,
        assets=ctx.asset_urls,
        outlines=ctx.asset_urls.get("outlines"),
        tiles=ctx.settings.tiles,
        attribution=ctx.settings.tiles_attribution,
        words=ctx.words,
    )


def visitor_address(settings: Settings) -> str:
    """The visitor's own address: the connection's, or a trusted proxy's word for it (SOLIDARITY_MAP_TRUSTED_PROXIES)."""
    headers = st.context.headers
    return client_address(
        st.context.ip_address,
        ", ".join(headers.get_all("X-Forwarded-For")),
        headers.get("X-Real-IP", ""),
        trusted_networks(settings.trusted_proxies),
    )


def report_senders(settings: Settings) -> tuple[str, str]:
    """Who sends a report, as the limits count them: this browser session, and the visitor's address."""
    session = state.REPORTER.get() or secrets.token_hex(16)
    state.REPORTER.set(session)
    return f"session:{session}", f"address:{visitor_address(settings)}"


def report_refusal(store: Store, senders: tuple[str, str], words: Words, adding: int = 1) -> str:
    """Why these senders may not add `adding` reports now, or '': counted in the database, so every process agrees."""
    now = dt.datetime.now(dt.UTC)
    session, address = senders
    return too_many(store.reports_since(session, now - PER_SESSION[1]), store.reports_since(address, now - PER_ADDRESS[1]), words, adding)


def say(kind: str, text: str, items: tuple | list = ()) -> None:
    """Show a message that holds untrusted text (from a link, a file or a form) as plain text, never Markdown or HTML.

    `kind` is info, success, warning, error or caption. Every page uses this for such text.
    """
    st.html(plain_notice(kind, text, tuple(items)))


def share(ctx: Context, page: str) -> None:
    """A Share button: the view's link to copy, an embed snippet and a QR code for posters and slides; and pictures
    of the view to post or print (pictures)."""
    page_url = st.context.url or f"http://localhost:8501/{page}"
    link = view_link(page_url, ctx.view.to_query(ctx.campaign.home))
    words = ctx.words
    with st.popover(words.t("Share this view"), icon=":material/share:"):
        as_link, as_picture = st.tabs([words.t("Link"), words.t("Pictures to share")])
        with as_link:
            st.caption(words.t("The link opens exactly this view: dates, day, filters, selection and language."))
            st.code(link, language=None, wrap_lines=True)
            st.caption(words.t("To show it on another site, paste this:"))
            st.code(embed_snippet(link), language="html", wrap_lines=True)
            png = qr_png(link)
            st.image(png, caption=words.t("Scan to open this view"), width=220)
            st.download_button(words.t("QR code (PNG)"), png, "solidarity-map-qr.png", "image/png", key=f"qr_png_{page}")
            st.download_button(
                words.t("QR code (SVG, for print)"), qr_svg(link), "solidarity-map-qr.svg", "image/svg+xml", key=f"qr_svg_{page}"
            )
        with as_picture:
            pictures(ctx, page)


@memo.shared(max_entries=8)
def _picture(
    digest: str, selection: ViewFilter, choice: str, code: str, _view: ViewResult, _campaign: Campaign, _settings: Settings, _progress=None
) -> bytes:
    """A view's picture, drawn once per data version, view, kind of picture and language for every visitor of this
    process: a hundred people sharing the week's poster draw it once. Over the site's tiles when online."""
    span = selection.replace(day=None).days()
    return poster.make(choice, _view, _campaign, words_in(code), span, _progress, tile_source(_settings))


def pictures(ctx: Context, page: str) -> None:
    """Pictures to share, made when asked (drawn on the server, no browser): the view as a poster (PNG for a post, a
    link preview or a slide; SVG to print) or its days in motion (GIF, MP4), each then downloaded."""
    words = ctx.words
    view = ctx.view.replace(day=None)  # the view's dates, whichever day the player shows
    st.caption(words.t("A poster of this view, or its days one after another, in this language: made here, no internet needed."))
    choice = st.selectbox(
        words.t("Picture"), list(poster.CHOICES), format_func=lambda key: words.t(poster.CHOICES[key][0]), key=f"picture_{page}"
    )
    wanted = (ctx.loaded.digest, view.selection, choice, words.code)
    if st.button(words.t("Make it"), key=f"make_picture_{page}", icon=":material/brush:"):
        bar = st.progress(0.0, text=words.t("Drawing…"))
        try:
            data = _picture(
                *wanted,
                view_result(ctx.loaded, view),
                ctx.loaded.campaign,
                ctx.settings,
                lambda done: bar.progress(min(1.0, done), text=words.t("Drawing…")),
            )
        except Exception as error:  # noqa: BLE001 - an encoder or a font missing: logged, said plainly
            log.error("a picture could not be made (%s): %s: %s", choice, type(error).__name__, error)
            bar.empty()
            st.error(words.t("This picture cannot be made right now. The site's operator has been told in the log."))
            return
        bar.empty()
        state.PICTURE.set((wanted, data))
    made = state.PICTURE.get()
    if made and made[0] == wanted:
        _, ending, kind = poster.CHOICES[choice]
        data = made[1]
        st.download_button(
            words.t("Download the picture ({size} kB)", size=max(1, len(data) // 1000)),
            data,
            f"{ctx.loaded.campaign.slug}-{choice}{ending}",
            kind,
            key=f"picture_download_{page}",
            icon=":material/download:",
        )
        if ending == ".png":  # what it looks like, under the button that takes it
            st.image(data, width="stretch")


def show_notes(notes: tuple[str, ...], words: Words = ENGLISH) -> None:
    if notes:
        say("info", words.t("Some of this link could not be used, so the defaults stand in:"), notes)

"""The data page: the view's actions as a table, counts and charts, downloads, and loading your own file."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from utils.actions.campaign import campaign_of_file
from utils.actions.formats import EXTENSIONS, sheet_names
from utils.actions.load import Problem, account, load_actions
from utils.actions.loaded import Loaded, content_digest, place
from utils.actions.mapping import ColumnMapping, propose_mapping, read_headers, unknown_kinds
from utils.actions.schema import ACTION_KINDS, ALL_COLUMN_NAMES, BY_NAME, COLUMN_NAMES, column_label
from utils.errors import UnreadableFile
from utils.escape import escape_text, safe_url
from utils.i18n import N_, Words
from utils.map.mapview import KIND_STYLE
from utils.photos.shelf import PhotoSource
from utils.places.geocode import Geocoder
from utils.publish import export
from utils.publish.sheets import csv_bytes
from utils.settings import Limits
from utils.view import counts
from utils.view.fields import kind_word, reason_word
from utils.view.timeline import headline
from views import report_reader, state
from views.common import Context, say, shared_geocoder, show_all_dates, show_notes, small_map

log = logging.getLogger(__name__)
KEEP = N_("(keep as it is)")


def render(ctx: Context) -> None:
    words = ctx.words
    st.title(words.t("Data"))
    say(
        "caption",
        words.t(
            "{name}: the actions of the current view, their counts, and downloads. The sidebar's filters apply here too.",
            name=ctx.loaded.name,
        ),
    )
    show_notes(ctx.notes, words)
    _upload(ctx)
    # opened on demand: its own uploader and editor are drawn only for who asks for them
    if st.toggle(words.t("From a report to rows: read a campaign's round-up"), key=state.READER_OPEN.name):
        with st.container(border=True):
            report_reader.render(ctx)
    actions = ctx.result.all  # the table and the downloads carry the call to action too; the counts never count it
    _table(ctx, actions)
    _downloads(ctx, actions)
    _charts(ctx, ctx.result.actions)
    _problems(ctx.loaded, words)


def table_of(actions: pd.DataFrame) -> pd.DataFrame:
    """What the table shows: one row per action, with whether and how precisely it is on the map."""
    table = export.view_table(actions).copy()
    table.insert(1, "on_map", table["unplaced_reason"] == "")
    table["link"] = table["source"].map(lambda value: safe_url(value))
    return table


# the table's orders: column, earliest or fewest first
ORDERS = {
    N_("date, earliest first"): ("date", True),
    N_("date, latest first"): ("date", False),
    N_("organisation, A to Z"): ("organisations", True),
    N_("country, A to Z"): ("country_code", True),
    N_("people taking part, most first"): ("participants", False),
}


def _table(ctx: Context, actions: pd.DataFrame) -> None:
    words, page_rows, tally = ctx.words, ctx.settings.table_rows, ctx.result.counts
    st.subheader(words.tn("{n} action in this view", "{n} actions in this view", tally.actions))
    said = words.t("{shown} of them on the map", shown=tally.on_map)
    if tally.undated:
        said += words.t("; {n} with no date", n=tally.undated)
    if tally.frames:
        said += words.tn(
            "; the table also lists the call to action that frames them, not counted as an action",
            "; the table also lists the {n} calls to action that frame them, not counted as actions",
            tally.frames,
        )
    say("caption", said + words.t("."))
    if len(actions) > page_rows:
        actions = _page(actions, page_rows, words)  # the browser is sent one page of rows, never the whole view
    table = table_of(actions)
    table["action_kind"] = table["action_kind"].map(lambda kind: kind_word(kind, words))
    table["unplaced_reason"] = table["unplaced_reason"].map(lambda reason: reason_word(reason, words))
    first = [
        "date",
        "on_map",
        "action_kind",
        "organisations",
        "city",
        "country",
        "participants",
        "precision",
        "geo_source",
        "unplaced_reason",
        "target",
        "description",
        "link",
        "source",
    ]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=first
        + [name for name in table.columns if name not in first and name != "country_code"],  # the file's own extra columns too
        column_config=_column_config(words),
    )


def _page(actions: pd.DataFrame, page_rows: int, words: Words) -> pd.DataFrame:
    pages = -(-len(actions) // page_rows)
    if state.TABLE_PAGE.get() > pages:  # a narrower view has fewer pages
        state.TABLE_PAGE.set(pages)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        order = st.selectbox(words.t("Order"), list(ORDERS), key=state.TABLE_ORDER.name, width=280, format_func=words.t)
        page = st.number_input(
            words.t("Page (of {pages})", pages=pages), min_value=1, max_value=pages, step=1, key=state.TABLE_PAGE.name, width=180
        )
    column, ascending = ORDERS[order]
    ordered = actions.sort_values(column, ascending=ascending, kind="stable", na_position="last")
    first = (page - 1) * page_rows
    shown = ordered.iloc[first : first + page_rows]
    st.caption(
        words.t(
            "Rows {first} to {last} of {all}, by {order}. The CSV below holds them all.",
            first=first + 1,
            last=first + len(shown),
            all=len(actions),
            order=words.t(order),
        )
    )
    return shown


def _column_config(words: Words) -> dict:
    """The table's heads: an action's fields in the words its popup uses (export.column_heads), the other columns
    in the schema's; each column's help is its description in the schema; all in the chosen language."""
    heads = export.column_heads(words)
    help_ = {name: words.t(column.description) for name, column in BY_NAME.items()}
    config = {name: st.column_config.TextColumn(heads[name], help=help_[name]) for name in ALL_COLUMN_NAMES}
    config.update(
        date=st.column_config.DateColumn(heads["date"], format="YYYY-MM-DD", help=help_["date"]),
        date_end=st.column_config.DateColumn(heads["date_end"], format="YYYY-MM-DD", help=help_["date_end"]),
        on_map=st.column_config.CheckboxColumn(words.t("On map"), help=words.t("Whether the action has a place on the map")),
        organisations=st.column_config.TextColumn(heads["organisations"], width="medium", help=help_["organisations"]),
        participants=st.column_config.NumberColumn(heads["participants"], format="%d", help=help_["participants"]),
        link=st.column_config.LinkColumn(
            words.t("Source link"), help=words.t("Only http(s) sources are links"), display_text=words.t("open")
        ),
        description=st.column_config.TextColumn(heads["description"], width="large", help=help_["description"]),
    )
    return config


def _downloads(ctx: Context, actions: pd.DataFrame) -> None:
    stem = ctx.loaded.name.rsplit(".", 1)[0]
    words = ctx.words
    columns = st.columns(3)
    # written when the button is pressed, not on every run: a view of a million actions is a file of 100 MB and more
    columns[0].download_button(
        words.t("⬇ CSV of this view"),
        lambda: csv_bytes(export.view_table(actions, words)),
        f"{stem}-view.csv",
        "text/csv",
        help=words.t("Opens safely in Excel and LibreOffice; its column heads are in the chosen language, and this site reads them back"),
        on_click="ignore",
    )
    columns[1].download_button(
        words.t("⬇ GeoJSON of the placed actions"),
        lambda: export.geojson_bytes(actions),
        f"{stem}-view.geojson",
        "application/geo+json",
        on_click="ignore",
    )
    problems = ctx.loaded.problems
    columns[2].download_button(
        words.t("⬇ Load problems ({n})", n=len(problems)),
        lambda: csv_bytes(export.problems_table(problems, words)),
        f"{stem}-problems.csv",
        "text/csv",
        disabled=not problems,
        on_click="ignore",
    )


def _bar_height(table: pd.DataFrame) -> int:
    return 90 + 34 * len(table)


def _bars(table: pd.DataFrame, label: str, title: str, words: Words, colour_by_kind: bool = False) -> alt.Chart:
    height = 34 * len(table)
    colour = (
        alt.Color(
            f"{label}:N",
            scale=alt.Scale(domain=[kind_word(kind, words) for kind in KIND_STYLE], range=[style[0] for style in KIND_STYLE.values()]),
            legend=None,
        )
        if colour_by_kind
        else alt.value("#c62828")
    )
    base = alt.Chart(table).encode(
        y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=170, labelFontSize=14)),
        x=alt.X("actions:Q", title=words.t("Actions"), axis=alt.Axis(tickMinStep=1, labelFontSize=13)),
    )
    bars = base.mark_bar().encode(color=colour, tooltip=[f"{label}:N", "actions:Q"])
    text = base.mark_text(align="left", dx=4, fontSize=14).encode(text="actions:Q")
    return (bars + text).properties(title=title, height=height)


def _charts(ctx: Context, actions: pd.DataFrame) -> None:
    if actions.empty:
        return
    words = ctx.words
    st.subheader(words.t("Counts"))
    figures = headline(actions)  # the Map page's figures: signatures are not people taking part, a call to action is no action
    said = words.t(
        "**{people} people taking part** where known ({some} actions give a count, {none} give none)",
        people=figures["participants"],
        some=figures["with_count"],
        none=figures["without_count"],
    )
    if figures["petitions"]:
        said += words.tn("; **{signatures} signatures** on {n} petition", "; **{signatures} signatures** on {n} petitions", figures["petitions"],
                         signatures=figures["signatures"])  # fmt: skip
    st.markdown(said + words.t("."))  # numbers and the catalogs' words only
    days = counts.per_day(actions, ctx.campaign.week_spans, words)
    day_chart = (
        alt.Chart(days[["label", "actions", "when"]])
        .mark_bar()
        .encode(
            x=alt.X("label:N", sort=list(days["label"]), title=None, axis=alt.Axis(labelAngle=0, labelFontSize=13, labelOverlap=True)),
            y=alt.Y("actions:Q", title=words.t("Actions"), axis=alt.Axis(tickMinStep=1), scale=alt.Scale(domainMin=0)),
            color=alt.Color(
                "when:N",
                scale=alt.Scale(domain=[words.t(when) for when in counts.WHEN], range=["#c62828", "#90a4ae", "#78909c", "#cfd8dc"]),
                legend=alt.Legend(orient="top", title=None, labelFontSize=13),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=words.t("Day")),
                alt.Tooltip("when:N", title=words.t("When")),
                alt.Tooltip("actions:Q", title=words.t("Actions")),
            ],
        )
        .properties(title=words.t("Per day (by start day)"), height=220)
    )
    st.altair_chart(day_chart, width="stretch", height=300)
    left, right = st.columns(2)
    for column, table, label, title, by_kind in (
        (left, counts.per_country(actions, words), "country", words.t("Per country"), False),
        (right, counts.per_kind(actions, words), "said", words.t("Per kind of action"), True),
        (st, counts.per_organisation(actions, words), "organisation", words.t("Per organisation"), False),
    ):
        shown, left_out = counts.top(table, BARS_MOST)  # the charts draw counts, never the actions themselves
        column.altair_chart(_bars(shown, label, title, words, by_kind), width="stretch", height=_bar_height(shown))
        if left_out:
            column.caption(
                words.t(
                    "The {most} with most actions are drawn, {left_out} more are left out of the chart; the CSV of this view has every action.",
                    most=BARS_MOST,
                    left_out=left_out,
                )
            )


BARS_MOST = 30


def _problems(loaded: Loaded, words: Words) -> None:
    errors = [problem for problem in loaded.problems if problem.severity == "error"]
    rejected = len(loaded.rejected)
    title = words.t(
        "Load account: {rows} rows in the file, {accepted} accepted, {rejected} rejected, {problems} problems",
        rows=loaded.rows_in_file,
        accepted=len(loaded.actions),
        rejected=rejected,
        problems=len(loaded.problems),
    )
    with st.expander(title, expanded=bool(errors)):
        if loaded.problems:
            st.dataframe(export.problems_table(loaded.problems[:PROBLEMS_SHOWN], words), hide_index=True, width="stretch")
            if len(loaded.problems) > PROBLEMS_SHOWN:
                st.caption(
                    words.t(
                        "The first {most} of {all} problems; the Load problems download above has them all.",
                        most=PROBLEMS_SHOWN,
                        all=len(loaded.problems),
                    )
                )
        else:
            st.caption(words.t("Every row loaded with no problem."))
        if rejected:
            st.caption(
                words.t("Rejected rows, as they are in the file (the first {most} of {all}):", most=PROBLEMS_SHOWN, all=rejected)
                if rejected > PROBLEMS_SHOWN
                else words.t("Rejected rows, as they are in the file:")
            )
            st.dataframe(loaded.rejected.head(PROBLEMS_SHOWN), hide_index=True, width="stretch")


PROBLEMS_SHOWN = 1000  # rows of problems sent to the browser; the download holds every one


# --- your own file -----------------------------------------------------------------


def _upload(ctx: Context) -> None:
    words = ctx.words
    st.subheader(words.t("Load your own file"))
    if not ctx.settings.uploads_open:
        st.caption(words.t("Loading your own file is turned off on this site."))
        return
    limit = ctx.settings.max_upload_mb
    st.caption(
        words.t(
            "A file of actions, up to {limit} MB: CSV, Excel (.xlsx), LibreOffice (.ods), GeoJSON (uMap, Datawrapper) or KML and "
            "KMZ (Google My Maps). It is shown on every page for you only, until you close the tab or go back to the bundled data; "
            "nothing is stored on the server.",
            limit=limit,
        )
    )
    if state.UPLOADED.get() is not None:
        on_map = ctx.loaded.actions[ctx.loaded.actions["unplaced_reason"] == ""]
        say(
            "success",
            words.t(
                "Showing your file {name} ({actions} actions, {on_map} on the map) on every page.",
                name=ctx.loaded.name,
                actions=len(ctx.loaded.actions),
                on_map=len(on_map),
            ),
        )
        _preview(ctx, on_map)
        if st.button(words.t("Back to the bundled data")):
            state.UPLOADED.set(None)
            st.rerun()
    upload = st.file_uploader(words.t("Your file"), type=list(EXTENSIONS), key=state.UPLOAD_FILE.name)
    if upload is None:
        return
    raw = upload.getvalue()
    if len(raw) > limit * 1_000_000:
        say(
            "error",
            words.t("{name} is {size} MB; the limit here is {limit} MB.", name=upload.name, size=f"{len(raw) / 1e6:.1f}", limit=limit),
        )
        return
    digest = content_digest(raw)
    sheets = _sheet_names(digest, raw)
    sheet = None
    if len(sheets) > 1:  # every sheet offered, the first chosen
        sheet = st.selectbox(words.t("Sheet"), sheets, key=f"sheet_{digest[:12]}")
    try:
        unreadable, said = _first_look(digest, raw, ctx.settings.file_limits(upload=True), sheet)
    except Exception:  # the loader answers every file with words; this is the net under it, logged in full
        log.exception("the first look at an upload failed (%s bytes, digest %s)", len(raw), digest[:12])
        say(
            "error",
            words.t("This file could not be read, and the reason is not one we know yet. It has been logged so that it can be fixed."),
        )
        return
    if unreadable:  # not a CSV at all: no mapping can help
        _show_errors(unreadable, said, words)
        return
    headers, sample = _headers(digest, raw, sheet)
    mapping, every_row = _mapping_editor(headers, sample, digest[:12], words)
    kinds = _kind_editor(raw, mapping, sheet, digest[:12], words)
    with st.container(horizontal=True, gap="small"):
        load = st.button(words.t("Load this file"), type="primary")
        st.download_button(
            words.t("⬇ This mapping (for the commands)"),
            ColumnMapping(mapping, every_row, kinds, sheet or "").to_json(),
            f"{upload.name}.mapping.json",
            "application/json",
            help=words.t("Save it beside the file: python -m utils geocode FILE.csv then reads the file the same way (or give --mapping)."),
        )
    if load:
        try:
            _load_upload(ctx, raw, upload.name, Reading(mapping, every_row, kinds, sheet))
        except Exception:  # as above: never a traceback for the visitor (st.rerun is a BaseException and passes)
            log.exception("loading an upload failed (%s bytes, digest %s)", len(raw), digest[:12])
            say(
                "error",
                words.t(
                    "This file could not be loaded, and the reason is not one we know yet. It has been logged so that it can be fixed."
                ),
            )


PREVIEW_MOST = 2000


def _preview(ctx: Context, on_map: pd.DataFrame) -> None:
    """Where the file's actions landed, on a small map: a wrong country or a namesake shows at a glance."""
    if on_map.empty:
        return
    with st.expander(ctx.words.t("Preview on a small map"), expanded=True):
        preview = small_map(ctx, on_map.head(PREVIEW_MOST))
        st_folium(preview, height=320, use_container_width=True, returned_objects=[], key="upload_preview")
        if len(on_map) > PREVIEW_MOST:
            st.caption(ctx.words.t("The first {most} placed actions; the Map page shows them all.", most=PREVIEW_MOST))


def _mapping_editor(headers: list[str], sample: list[str], digest: str, words: Words) -> tuple[dict[str, str], dict[str, str]]:
    """Which of our columns each of the file's feeds, in plain words; and one value for every row where the file has none."""
    st.markdown(
        words.t(
            "**What each of your columns holds** (guessed from its name, in English, French, German, Spanish, Portuguese, Italian, "
            "Dutch, Indonesian, Arabic, Chinese, Japanese or Korean; correct any):"
        )
    )
    proposal = propose_mapping(headers)
    labels = {name: column_label(name, words) for name in COLUMN_NAMES}
    names = {label: name for name, label in labels.items()}
    choices = [words.t(KEEP), *labels.values()]
    mapping: dict[str, str] = {}
    for index, (header, first) in enumerate(zip(headers, sample[: len(headers)], strict=False)):
        # one click opens each choice: a select box per column, the file's header and first value beside it
        left, right = st.columns([2, 3], vertical_alignment="center")
        example = escape_text(words.t("e.g. {value}", value=first[:60]))
        left.html(f'<div style="font-size:15px"><b>{escape_text(header)}</b><br><span style="color:#4a4c57">{example}</span></div>')
        chosen = right.selectbox(
            words.t("Column {number}: what it holds", number=index + 1),  # a fixed label: a header is the file's text, never Markdown
            choices,
            index=choices.index(labels[proposal[header]]) if proposal[header] else 0,
            key=f"holds_{digest}_{index}",
            label_visibility="collapsed",
        )
        mapping[header] = names.get(chosen, "")
    return mapping, _every_row(set(mapping.values()), digest, words)


def _every_row(mapped: set[str], digest: str, words: Words) -> dict[str, str]:
    """For a column the file lacks: one value for all its rows (a file of marches held on one day, in one country)."""
    missing = [name for name in ("date", "action_kind", "country") if name not in mapped]
    if not missing:
        return {}
    st.markdown(words.t("**Your file has no column for these; give one value for every row if it applies** (or leave empty):"))
    values: dict[str, str] = {}
    columns = st.columns(len(missing))
    for column, name in zip(columns, missing, strict=True):
        if name == "action_kind":
            kind = column.selectbox(
                column_label(name, words),
                ["", *ACTION_KINDS],
                key=f"every_{name}_{digest}",
                format_func=lambda k: kind_word(k, words) if k else "—",
            )
            values[name] = kind
        else:
            hint = words.t("such as 2017-01-21") if name == "date" else words.t("a name or a code, such as US")
            values[name] = column.text_input(column_label(name, words), key=f"every_{name}_{digest}", placeholder=hint, max_chars=80)
    return {name: value for name, value in values.items() if value.strip()}


def _kind_editor(raw: bytes, mapping: dict[str, str], sheet: str | None, digest: str, words: Words) -> dict[str, str]:
    """The file's own words for its actions that are none of our kinds, each read as the kind a person chooses."""
    header = next((header for header, column in mapping.items() if column == "action_kind"), None)
    unknown = _unknown_kinds(digest, raw, header, sheet) if header else []
    if not unknown:
        return {}
    st.markdown(words.t("**Your file's own words for its actions**: choose the kind each one is (the card still shows your word):"))
    chosen: dict[str, str] = {}
    columns = st.columns(min(3, len(unknown)))
    for index, (word, count) in enumerate(unknown):
        kind = columns[index % len(columns)].selectbox(
            words.tn("{word} ({n} row)", "{word} ({n} rows)", count, word=word[:40]),
            list(ACTION_KINDS),
            index=ACTION_KINDS.index("other"),
            key=f"kind_{digest}_{index}",
            format_func=lambda k: kind_word(k, words),
        )
        if kind != "other":
            chosen[word] = kind
    return chosen


@st.cache_data(show_spinner=False, max_entries=4)
def _unknown_kinds(digest: str, _raw: bytes, header: str, sheet: str | None) -> list[tuple[str, int]]:
    return unknown_kinds(_raw, header, sheet)


@st.cache_data(show_spinner=False, max_entries=4)
def _headers(digest: str, _raw: bytes, sheet: str | None) -> tuple[list[str], list[str]]:
    """The header and first row: keyed on the digest, so that a workbook is not read again on every rerun."""
    return read_headers(_raw, sheet)


@st.cache_data(show_spinner=False, max_entries=4)
def _sheet_names(digest: str, _raw: bytes) -> list[str]:
    try:
        return sheet_names(_raw)
    except UnreadableFile:  # said by the first look, which reads the file as the loader does
        return []


@st.cache_data(show_spinner=False, max_entries=4)
def _first_look(digest: str, _raw: bytes, limits: Limits, sheet: str | None = None) -> tuple[tuple[Problem, ...], str]:
    """Whether the whole file is unreadable (empty, binary, a web page, a broken workbook), and the account if so.

    Keyed on the digest: a rerun with the file still in the uploader does not parse it again.
    """
    result = load_actions(_raw, limits=limits, sheet=sheet)
    unreadable = tuple(problem for problem in result.errors if problem.row is None)
    return unreadable, account(result) if unreadable else ""


def _show_errors(errors, said: str, words: Words) -> None:
    if errors:
        say("error", words.t("This file could not be loaded as it is:"), [problem.said(words) for problem in errors[:20]])
    st.code(said, language=None)


@dataclass(frozen=True)
class Reading:
    """How the visitor chose to read the file: the columns, values for every row, kinds for the file's words, the sheet."""

    mapping: dict[str, str]
    every_row: dict[str, str]
    kinds: dict[str, str]
    sheet: str | None


def _load_upload(ctx: Context, raw: bytes, name: str, reading: Reading) -> None:
    words = ctx.words
    mapping, every_row = reading.mapping, reading.every_row
    result = load_actions(
        raw, mapping=mapping, limits=ctx.settings.file_limits(upload=True), every_row=every_row, kinds=reading.kinds, sheet=reading.sheet
    )
    _show_errors(result.errors, account(result), words)
    if result.accepted == 0:
        return
    bar = st.progress(0.0, text=words.t("Placing the actions…"))
    geocoder: Geocoder = state.VISITOR_GEOCODER.get() or shared_geocoder(ctx.settings).for_visitor(ctx.settings.share_upload_geocodes)
    state.VISITOR_GEOCODER.set(geocoder)  # this visitor's answers, kept for the session

    def progress(records: list) -> list:
        for number, record in enumerate(records, start=1):
            if number % 25 == 0 or number == len(records):
                bar.progress(number / len(records), text=words.t("Finding the places… {number} of {all}", number=number, all=len(records)))
            yield record

    with st.spinner(words.t("Placing the actions (the offline gazetteer is built the first time, which takes a few seconds)…")):
        # headed by its own name and dates: never the bundled campaign's words or week
        loaded = place(
            result,
            name,
            content_digest(raw, mapping, every_row, reading.kinds, reading.sheet),
            geocoder,
            lambda placed: campaign_of_file(name, placed),
            progress,
            PhotoSource(remote=ctx.settings.remote_images),  # a visitor's file: its links never fetched by the server
        )
    bar.empty()
    state.UPLOADED.set(loaded)
    show_all_dates()  # the file's own dates, not the bundled campaign's week
    st.rerun()

"""The data page: the view's actions as a table, counts and charts, downloads, and loading your own file."""

from __future__ import annotations

import logging

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from utils import counts, export
from utils.campaign import campaign_of_file
from utils.escape import escape_text, safe_url
from utils.fields import TABLE_LABELS
from utils.geocode import Geocoder
from utils.load import Limits, Problem, account, load_actions
from utils.loaded import Loaded, content_digest, place
from utils.mapping import ColumnMapping, propose_mapping, read_headers
from utils.mapview import KIND_STYLE
from utils.schema import ACTION_KINDS, ALL_COLUMN_NAMES, BY_NAME, COLUMN_NAMES, LABELS
from utils.sheets import csv_bytes
from utils.timeline import headline
from views import report_reader, state
from views.common import Context, counted, say, shared_geocoder, show_all_dates, show_notes, small_map

log = logging.getLogger(__name__)
KEEP = "(keep as it is)"


def render(ctx: Context) -> None:
    st.title("Data")
    say(
        "caption", f"{ctx.loaded.name}: the actions of the current view, their counts, and downloads. The sidebar's filters apply here too."
    )
    show_notes(ctx.notes)
    _upload(ctx)
    # opened on demand: its own uploader and editor are drawn only for who asks for them
    if st.toggle("From a report to rows: read a campaign's round-up", key=state.READER_OPEN.name):
        with st.container(border=True):
            report_reader.render(ctx)
    actions = ctx.result.all
    _table(actions, ctx.settings.table_rows)
    _downloads(ctx, actions)
    _charts(ctx, actions)
    _problems(ctx.loaded)


def table_of(actions: pd.DataFrame) -> pd.DataFrame:
    """What the table shows: one row per action, with whether and how precisely it is on the map."""
    table = export.view_table(actions).copy()
    table.insert(1, "on_map", table["unplaced_reason"] == "")
    table["link"] = table["source"].map(lambda value: safe_url(value))
    return table


# the table's orders: column, earliest or fewest first
ORDERS = {
    "date, earliest first": ("date", True),
    "date, latest first": ("date", False),
    "organisation": ("organisations", True),
    "country": ("country_code", True),
    "people taking part, most first": ("participants", False),
}


def _table(actions: pd.DataFrame, page_rows: int) -> None:
    st.subheader(f"{counted(len(actions), 'action')} in this view")
    if len(actions) > page_rows:
        actions = _page(actions, page_rows)  # the browser is sent one page of rows, never the whole view
    table = table_of(actions)
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
        column_config=_column_config(),
    )


def _page(actions: pd.DataFrame, page_rows: int) -> pd.DataFrame:
    pages = -(-len(actions) // page_rows)
    if state.TABLE_PAGE.get() > pages:  # a narrower view has fewer pages
        state.TABLE_PAGE.set(pages)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        order = st.selectbox("Order", list(ORDERS), key=state.TABLE_ORDER.name, width=280)
        page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=state.TABLE_PAGE.name, width=180)
    column, ascending = ORDERS[order]
    ordered = actions.sort_values(column, ascending=ascending, kind="stable", na_position="last")
    first = (page - 1) * page_rows
    shown = ordered.iloc[first : first + page_rows]
    st.caption(f"Rows {first + 1:,} to {first + len(shown):,} of {len(actions):,}, by {order}. The CSV below holds them all.")
    return shown


def _column_config() -> dict:
    """The table's heads: an action's fields in the words its popup uses (fields.TABLE_LABELS), the other columns
    in the schema's; each column's help is its description in the schema."""
    words = {**LABELS, "city": "City", "country": "Country", **TABLE_LABELS}
    help_ = {name: column.description for name, column in BY_NAME.items()}
    config = {name: st.column_config.TextColumn(words[name], help=help_[name]) for name in ALL_COLUMN_NAMES}
    config.update(
        date=st.column_config.DateColumn(words["date"], format="YYYY-MM-DD", help=help_["date"]),
        date_end=st.column_config.DateColumn("Until", format="YYYY-MM-DD", help=help_["date_end"]),
        on_map=st.column_config.CheckboxColumn("On map", help="Whether the action has a place on the map"),
        organisations=st.column_config.TextColumn(words["organisations"], width="medium", help=help_["organisations"]),
        participants=st.column_config.NumberColumn(words["participants"], format="%d", help=help_["participants"]),
        link=st.column_config.LinkColumn("Source link", help="Only http(s) sources are links", display_text="open"),
        description=st.column_config.TextColumn(words["description"], width="large", help=help_["description"]),
    )
    return config


def _downloads(ctx: Context, actions: pd.DataFrame) -> None:
    stem = ctx.loaded.name.rsplit(".", 1)[0]
    columns = st.columns(3)
    # written when the button is pressed, not on every run: a view of a million actions is a file of 100 MB and more
    columns[0].download_button(
        "⬇ CSV of this view",
        lambda: csv_bytes(export.view_table(actions)),
        f"{stem}-view.csv",
        "text/csv",
        help="Opens safely in Excel and LibreOffice",
        on_click="ignore",
    )
    columns[1].download_button(
        "⬇ GeoJSON of the placed actions",
        lambda: export.geojson_bytes(actions),
        f"{stem}-view.geojson",
        "application/geo+json",
        on_click="ignore",
    )
    problems = ctx.loaded.problems
    columns[2].download_button(
        f"⬇ Load problems ({len(problems)})",
        lambda: csv_bytes(export.problems_table(problems)),
        f"{stem}-problems.csv",
        "text/csv",
        disabled=not problems,
        on_click="ignore",
    )


def _bar_height(table: pd.DataFrame) -> int:
    return 90 + 34 * len(table)


def _bars(table: pd.DataFrame, label: str, title: str, colour_by_kind: bool = False) -> alt.Chart:
    height = 34 * len(table)
    colour = (
        alt.Color(f"{label}:N", scale=alt.Scale(domain=list(KIND_STYLE), range=[style[0] for style in KIND_STYLE.values()]), legend=None)
        if colour_by_kind
        else alt.value("#c62828")
    )
    base = alt.Chart(table).encode(
        y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=170, labelFontSize=14)),
        x=alt.X("actions:Q", title="Actions", axis=alt.Axis(tickMinStep=1, labelFontSize=13)),
    )
    bars = base.mark_bar().encode(color=colour, tooltip=[f"{label}:N", "actions:Q"])
    text = base.mark_text(align="left", dx=4, fontSize=14).encode(text="actions:Q")
    return (bars + text).properties(title=title, height=height)


def _charts(ctx: Context, actions: pd.DataFrame) -> None:
    if actions.empty:
        return
    st.subheader("Counts")
    figures = headline(actions)  # the Map page's figures: signatures are not people taking part, a call to action is no action
    words = f"**{figures['participants']:,} people taking part** where known ({figures['with_count']} actions give a count, {figures['without_count']} give none)"
    if figures["petitions"]:
        words += f"; **{figures['signatures']:,} signatures** on {counted(figures['petitions'], 'petition')}"
    st.markdown(words + ".")
    days = counts.per_day(actions, [week.dates for week in ctx.campaign.weeks])
    day_chart = (
        alt.Chart(days[["label", "actions", "when"]])
        .mark_bar()
        .encode(
            x=alt.X("label:N", sort=list(days["label"]), title=None, axis=alt.Axis(labelAngle=0, labelFontSize=13, labelOverlap=True)),
            y=alt.Y("actions:Q", title="Actions", axis=alt.Axis(tickMinStep=1), scale=alt.Scale(domainMin=0)),
            color=alt.Color(
                "when:N",
                scale=alt.Scale(domain=list(counts.WHEN), range=["#c62828", "#90a4ae", "#78909c", "#cfd8dc"]),
                legend=alt.Legend(orient="top", title=None, labelFontSize=13),
            ),
            tooltip=["label:N", "when:N", "actions:Q"],
        )
        .properties(title="Per day (by start day)", height=220)
    )
    st.altair_chart(day_chart, width="stretch", height=300)
    left, right = st.columns(2)
    for column, table, label, title, by_kind in (
        (left, counts.per_country(actions), "country", "Per country", False),
        (right, counts.per_kind(actions), "kind", "Per kind of action", True),
        (st, counts.per_organisation(actions), "organisation", "Per organisation", False),
    ):
        shown, left_out = counts.top(table, BARS_MOST)  # the charts draw counts, never the actions themselves
        column.altair_chart(_bars(shown, label, title, by_kind), width="stretch", height=_bar_height(shown))
        if left_out:
            column.caption(
                f"The {BARS_MOST} with most actions are drawn, {left_out:,} more are left out of the chart; the CSV of this view has every action."
            )


BARS_MOST = 30


def _problems(loaded: Loaded) -> None:
    errors = [problem for problem in loaded.problems if problem.severity == "error"]
    rejected = len(loaded.rejected)
    title = f"Load account: {loaded.rows_in_file:,} rows in the file, {len(loaded.actions):,} accepted, {rejected:,} rejected, {len(loaded.problems):,} problems"
    with st.expander(title, expanded=bool(errors)):
        if loaded.problems:
            st.dataframe(export.problems_table(loaded.problems[:PROBLEMS_SHOWN]), hide_index=True, width="stretch")
            if len(loaded.problems) > PROBLEMS_SHOWN:
                st.caption(
                    f"The first {PROBLEMS_SHOWN:,} of {len(loaded.problems):,} problems; the Load problems download above has them all."
                )
        else:
            st.caption("Every row loaded with no problem.")
        if rejected:
            st.caption(
                "Rejected rows, as they are in the file"
                + (f" (the first {PROBLEMS_SHOWN:,} of {rejected:,}):" if rejected > PROBLEMS_SHOWN else ":")
            )
            st.dataframe(loaded.rejected.head(PROBLEMS_SHOWN), hide_index=True, width="stretch")


PROBLEMS_SHOWN = 1000  # rows of problems sent to the browser; the download holds every one


# --- your own file -----------------------------------------------------------------


def _upload(ctx: Context) -> None:
    st.subheader("Load your own file")
    if not ctx.settings.uploads_open:
        st.caption("Loading your own file is turned off on this site.")
        return
    limit = ctx.settings.max_upload_mb
    st.caption(
        f"A CSV of actions, up to {limit} MB, exported from any spreadsheet. It is shown on every page for you only, "
        "until you close the tab or go back to the bundled data; nothing is stored on the server."
    )
    if state.UPLOADED.get() is not None:
        on_map = ctx.loaded.actions[ctx.loaded.actions["unplaced_reason"] == ""]
        say("success", f"Showing your file {ctx.loaded.name} ({len(ctx.loaded.actions)} actions, {len(on_map)} on the map) on every page.")
        _preview(ctx, on_map)
        if st.button("Back to the bundled data"):
            state.UPLOADED.set(None)
            st.rerun()
    upload = st.file_uploader("CSV file", type=["csv", "tsv", "txt"], key=state.UPLOAD_FILE.name)
    if upload is None:
        return
    raw = upload.getvalue()
    if len(raw) > limit * 1_000_000:
        say("error", f"{upload.name} is {len(raw) / 1e6:.1f} MB; the limit here is {limit} MB.")
        return
    digest = content_digest(raw)
    try:
        unreadable, said = _first_look(digest, raw, ctx.settings.file_limits(upload=True))
    except Exception:  # the loader answers every file with words; this is the net under it, logged in full
        log.exception("the first look at an upload failed (%s bytes, digest %s)", len(raw), digest[:12])
        say("error", "This file could not be read, and the reason is not one we know yet. It has been logged so that it can be fixed.")
        return
    if unreadable:  # not a CSV at all: no mapping can help
        _show_errors(unreadable, said)
        return
    headers, sample = read_headers(raw)
    mapping, every_row = _mapping_editor(headers, sample, digest[:12])
    with st.container(horizontal=True, gap="small"):
        load = st.button("Load this file", type="primary")
        st.download_button(
            "⬇ This mapping (for the commands)",
            ColumnMapping(mapping, every_row).to_json(),
            f"{upload.name}.mapping.json",
            "application/json",
            help="Save it beside the file: python -m utils.geocode FILE.csv then reads the file the same way (or give --mapping).",
        )
    if load:
        try:
            _load_upload(ctx, raw, upload.name, mapping, every_row)
        except Exception:  # as above: never a traceback for the visitor (st.rerun is a BaseException and passes)
            log.exception("loading an upload failed (%s bytes, digest %s)", len(raw), digest[:12])
            say(
                "error", "This file could not be loaded, and the reason is not one we know yet. It has been logged so that it can be fixed."
            )


PREVIEW_MOST = 2000


def _preview(ctx: Context, on_map: pd.DataFrame) -> None:
    """Where the file's actions landed, on a small map: a wrong country or a namesake shows at a glance."""
    if on_map.empty:
        return
    with st.expander("Preview on a small map", expanded=True):
        preview = small_map(ctx, on_map.head(PREVIEW_MOST))
        st_folium(preview, height=320, use_container_width=True, returned_objects=[], key="upload_preview")
        if len(on_map) > PREVIEW_MOST:
            st.caption(f"The first {PREVIEW_MOST:,} placed actions; the Map page shows them all.")


def _mapping_editor(headers: list[str], sample: list[str], digest: str) -> tuple[dict[str, str], dict[str, str]]:
    """Which of our columns each of the file's feeds, in plain words; and one value for every row where the file has none."""
    st.markdown(
        "**What each of your columns holds** (guessed from its name, in English, French, German, Spanish, Portuguese, Chinese or Korean; correct any):"
    )
    proposal = propose_mapping(headers)
    words = {name: LABELS[name] for name in COLUMN_NAMES}
    names = {label: name for name, label in words.items()}
    choices = [KEEP, *words.values()]
    mapping: dict[str, str] = {}
    for index, (header, first) in enumerate(zip(headers, sample[: len(headers)], strict=False)):
        # one click opens each choice: a select box per column, the file's header and first value beside it
        left, right = st.columns([2, 3], vertical_alignment="center")
        left.html(
            f'<div style="font-size:15px"><b>{escape_text(header)}</b><br><span style="color:#4a4c57">e.g. {escape_text(first[:60])}</span></div>'
        )
        chosen = right.selectbox(
            f"Column {index + 1}: what it holds",  # a fixed label: a header is the file's text, never Markdown
            choices,
            index=choices.index(words[proposal[header]]) if proposal[header] else 0,
            key=f"holds_{digest}_{index}",
            label_visibility="collapsed",
        )
        mapping[header] = names.get(chosen, "")
    return mapping, _every_row(set(mapping.values()), digest)


def _every_row(mapped: set[str], digest: str) -> dict[str, str]:
    """For a column the file lacks: one value for all its rows (a file of marches held on one day, in one country)."""
    missing = [name for name in ("date", "action_kind", "country") if name not in mapped]
    if not missing:
        return {}
    st.markdown("**Your file has no column for these; give one value for every row if it applies** (or leave empty):")
    values: dict[str, str] = {}
    columns = st.columns(len(missing))
    for column, name in zip(columns, missing, strict=True):
        if name == "action_kind":
            kind = column.selectbox(LABELS[name], ["", *ACTION_KINDS], key=f"every_{name}_{digest}", format_func=lambda k: k or "—")
            values[name] = kind
        else:
            hint = "such as 2017-01-21" if name == "date" else "a name or a code, such as US"
            values[name] = column.text_input(LABELS[name], key=f"every_{name}_{digest}", placeholder=hint, max_chars=80)
    return {name: value for name, value in values.items() if value.strip()}


@st.cache_data(show_spinner=False, max_entries=4)
def _first_look(digest: str, _raw: bytes, limits: Limits) -> tuple[tuple[Problem, ...], str]:
    """Whether the whole file is unreadable (empty, binary, a web page), and the account if so.

    Keyed on the digest: a rerun with the file still in the uploader does not parse it again.
    """
    result = load_actions(_raw, limits=limits)
    unreadable = tuple(problem for problem in result.errors if problem.row is None)
    return unreadable, account(result) if unreadable else ""


def _show_errors(errors, said: str) -> None:
    if errors:
        say("error", "This file could not be loaded as it is:", [str(problem) for problem in errors[:20]])
    st.code(said, language=None)


def _load_upload(ctx: Context, raw: bytes, name: str, mapping: dict[str, str], every_row: dict[str, str]) -> None:
    result = load_actions(raw, mapping=mapping, limits=ctx.settings.file_limits(upload=True), every_row=every_row)
    _show_errors(result.errors, account(result))
    if result.accepted == 0:
        return
    bar = st.progress(0.0, text="Placing the actions…")
    geocoder: Geocoder = state.VISITOR_GEOCODER.get() or shared_geocoder(ctx.settings).for_visitor(ctx.settings.share_upload_geocodes)
    state.VISITOR_GEOCODER.set(geocoder)  # this visitor's answers, kept for the session

    def progress(records: list) -> list:
        for number, record in enumerate(records, start=1):
            if number % 25 == 0 or number == len(records):
                bar.progress(number / len(records), text=f"Finding the places… {number:,} of {len(records):,}")
            yield record

    with st.spinner("Placing the actions (the offline gazetteer is built the first time, which takes a few seconds)…"):
        # headed by its own name and dates: never the bundled campaign's words or week
        loaded = place(
            result, name, content_digest(raw, mapping, every_row), geocoder, lambda placed: campaign_of_file(name, placed), progress
        )
    bar.empty()
    state.UPLOADED.set(loaded)
    show_all_dates()  # the file's own dates, not the bundled campaign's week
    st.rerun()

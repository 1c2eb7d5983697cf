"""The map page: headline figures, the timeline with its player, the map, and what is not on it."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from utils.escape import escape_text, plain_table
from utils.i18n import N_
from utils.map.mapview import KIND_STYLE, action_group, base_map, card_html, marker_rows, view_group
from utils.map.templates import template_text
from utils.view import memo
from utils.view.aggregate import Viewport
from utils.view.fields import column_heads, days_written, kind_word, reason_word
from utils.view.story import captions_of
from utils.view.timeline import DayBar, daily_counts, data_span, headline, player_days, timeline_html
from views import state
from views.common import ALL_LABEL, Context, say, share, show_notes, view_result

PACES = {N_("slow (5 s)"): 5.0, N_("normal (3 s)"): 3.0, N_("fast (1.5 s)"): 1.5}


def render(ctx: Context) -> None:
    st.html(f"<style>{PAGE_CSS}</style>")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.title(ctx.words.t("Solidarity Map"))
        share(ctx, "map")
    say("caption", f"{_subject(ctx)} {_range_words(ctx)}")
    show_notes(ctx.notes, ctx.words)
    _load_warning(ctx)
    _headline(ctx)
    # the range's actions, whichever day the player shows: the timeline counts them, the player steps through them
    in_range = view_result(ctx.loaded, ctx.view.replace(day=None)).shown if ctx.view.day else ctx.result.shown
    days = _player_days(ctx, in_range)
    # above the map, so a projector shows it without scrolling; on a phone CSS moves it under the map (PAGE_CSS)
    with st.container(key="sm-player"):
        _player(ctx, days)
    with st.container(key="sm-map"):
        _map(ctx, in_range)
    with st.container(key="sm-below"):
        _timeline(ctx, days, in_range)
        _details(ctx)
        _day_by_day(ctx)
        _not_shown(ctx)


# The map takes the first screen: a smaller title, one line of figures, the player's extras folded on a phone.
PAGE_CSS = template_text("map_page.css")


def _subject(ctx: Context) -> str:
    """What the map shows, in the campaign's words (or the visitor's own file, by its name)."""
    return ctx.campaign.subject or ctx.words.t("Actions from {name}.", name=ctx.loaded.name)


def _load_warning(ctx: Context) -> None:
    rejected = len(ctx.loaded.rejected)
    if rejected:
        say(
            "warning",
            ctx.words.t(
                "{rejected} of {rows} rows of {name} could not be loaded, so they are not shown. "
                "The Data page lists each with its row, column and problem.",
                rejected=rejected,
                rows=ctx.loaded.rows_in_file,
                name=ctx.loaded.name,
            ),
        )


def _range_words(ctx: Context) -> str:
    """The dates shown, named by the campaign's week of action when the view is one."""
    view, words = ctx.view, ctx.words
    weeks = ctx.campaign.weeks
    if view.day:
        within = [week.name for week in weeks if week.first <= view.day <= week.last]
        day = words.date(view.day, "day")
        if within:
            return words.t("Showing {day}, during the {week}.", day=day, week=within[0].lower())
        return words.t("Showing {day}.", day=day)
    if view.all_dates:
        return words.t("Showing all dates.")
    week = ctx.campaign.week_of(view.start, view.end)
    if week is not None:
        return words.t("Showing the {week}, {dates}.", week=week.name.lower(), dates=week.in_words(words))
    return words.t(
        "Showing {first} to {last}.",
        first=words.date(view.start, "long") if view.start else "…",
        last=words.date(view.end, "long") if view.end else "…",
    )


def _headline(ctx: Context) -> None:
    """One line of honest figures: the view's dated actions; undated ones and signatures counted apart."""
    words = ctx.words
    figures, apart = _figures(ctx.loaded.digest, ctx.view.selection, ctx.result)
    people = words.number(figures["participants"]) if figures["with_count"] else "—"
    cells = [
        (words.number(figures["actions"]), words.tn("action", "actions", figures["actions"])),
        (words.number(figures["countries"]), words.tn("country", "countries", figures["countries"])),
        (words.number(figures["organisations"]), words.tn("organisation", "organisations", figures["organisations"])),
        (people, words.t("people taking part")),
    ]
    if figures["signatures"]:
        cells.append((words.number(figures["signatures"]), words.t("signatures")))
    notes = []
    if figures["without_count"] and figures["with_count"]:
        notes.append(words.t("{some} of {all} give no count", some=figures["without_count"], all=figures["actions"] - figures["petitions"]))
    if apart["actions"]:
        if apart["signatures"]:
            notes.append(
                words.tn(
                    "and {n} action with no date ({signatures} signatures), listed below the map",
                    "and {n} actions with no date ({signatures} signatures), listed below the map",
                    apart["actions"],
                    signatures=apart["signatures"],
                )
            )
        else:
            notes.append(
                words.tn(
                    "and {n} action with no date, listed below the map",
                    "and {n} actions with no date, listed below the map",
                    apart["actions"],
                )
            )
    # numbers and the catalogs' words only: no data text reaches this HTML
    html = "".join(
        f'<span class="sm-figure"><span class="sm-figure-value">{escape_text(value)}</span> '
        f'<span class="sm-figure-label">{escape_text(label)}</span></span>'
        for value, label in cells
    )
    html += "".join(f'<span class="sm-figure-apart">{escape_text(note)}</span>' for note in notes)
    st.html(f"<div class='sm-figures' data-testid='headline'>{html}</div>")


@memo.shared(max_entries=32)
def _figures(digest: str, selection, _result) -> tuple[dict[str, int], dict[str, int]]:
    """The view's figures, and those of its undated actions: once per data version and view for every visitor."""
    return headline(_result.shown), headline(_result.undated)


def _player_days(ctx: Context, in_range: pd.DataFrame) -> list[dt.date]:
    """Every day of a short range; of a long one (all dates), the newest SOLIDARITY_MAP_MAX_DAYS days on which an
    action starts, whatever the data's span: a caption says what is left out."""
    span = ctx.view.replace(day=None).days()
    first, last = span if span is not None else data_span(ctx.loaded.actions, ctx.campaign.first_week)
    days, cut = player_days(in_range, first, last, ctx.settings.max_days)
    if cut:
        words = ctx.words
        say(
            "caption",
            words.tn(
                "The timeline and the day player show the newest {days} days on which actions start, {first} to {last}; "
                "the {n} day before them is left out. The map and the lists still show every action.",
                "The timeline and the day player show the newest {days} days on which actions start, {first} to {last}; "
                "the {n} days before them are left out. The map and the lists still show every action.",
                cut,
                days=ctx.settings.max_days,
                first=words.date(days[0], "long"),
                last=words.date(days[-1], "long"),
            ),
        )
    return days


def _timeline(ctx: Context, days: list[dt.date], in_range: pd.DataFrame) -> None:
    if not days:
        return
    chart, per_day = _timeline_parts(ctx.loaded.digest, ctx.view.selection, ctx.words.code, tuple(days), in_range, ctx)
    st.html(f"<style>{TIMELINE_CSS}</style>{chart}")  # numbers, the catalogs' and the campaign's words, escaped
    st.caption(per_day)


TIMELINE_CSS = template_text("timeline.css")


@memo.shared(max_entries=32)
def _timeline_parts(
    digest: str, selection, language: str, days: tuple[dt.date, ...], _in_range: pd.DataFrame, _ctx: Context
) -> tuple[str, str]:
    """The chart and its text, once per data version, view and language for every visitor."""
    words = _ctx.words
    table = daily_counts(_in_range, days[0], days[-1])
    table = table[table["day"].isin(days) & (table["action_kind"] != "")]
    style = _day_style(days)
    per_kind = table.groupby(["day", "action_kind"])["actions"].sum()
    order = [kind for kind in KIND_STYLE if kind in set(table["action_kind"])]
    bars = [
        DayBar(
            words.date(day, style),
            tuple((kind_word(kind, words), KIND_STYLE[kind][0], int(per_kind.get((day, kind), 0))) for kind in order),
            faded=selection.day is not None and day != selection.day,
        )
        for day in days
    ]
    bands = [
        (week.name, days.index(covered[0]), days.index(covered[-1]))
        for week in _ctx.campaign.weeks
        if (covered := [day for day in days if week.first <= day <= week.last])
    ]
    legend = [(kind_word(kind, words), KIND_STYLE[kind][0]) for kind in order]
    chart = timeline_html(bars, bands, words.t("Actions per day"), legend)
    return chart, words.t("Actions per day, as text: {days}.", days="; ".join(_per_day_words(table, list(days), words)))


def _day_style(days: list[dt.date]) -> str:
    """Days of one year are named without it ('Tue 26 Mar'); days of several years with it ('Tue 26 Mar 2019')."""
    return "short" if not days or days[0].year == days[-1].year else "dated"


def _per_day_words(table: pd.DataFrame, days: list[dt.date], words) -> list[str]:
    totals = table.groupby("day")["actions"].sum()
    return [f"{words.date(day, _day_style(days))} {words.number(int(totals.get(day, 0)))}" for day in days]


def _set_day(day: dt.date | None) -> None:
    state.DAY.set(day)
    state.DAY_PICK.set(day or "all")


def _step(days: list[dt.date], offset: int) -> None:
    current = state.DAY.get()
    if current in days:  # Previous stops at the first day, Next at the last: no wrapping round
        index = max(0, min(len(days) - 1, days.index(current) + offset))
    else:
        index = 0 if offset >= 0 else len(days) - 1
    _set_day(days[index])


def _player(ctx: Context, days: list[dt.date]) -> None:
    if not days:
        return
    options = ["all", *days]
    if state.DAY_PICK.get() not in options or state.DAY_PICK.get() != (ctx.view.day or "all"):
        state.DAY_PICK.set(ctx.view.day if ctx.view.day in days else "all")
    playing = state.PLAYING.get()
    words = ctx.words
    at = days.index(ctx.view.day) if ctx.view.day in days else None
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        st.button(
            words.t("◀ Previous"), on_click=_step, args=(days, -1), disabled=at == 0, help=words.t("Previous day (stops at the first)")
        )
        st.button(words.t("⏸ Pause") if playing else words.t("▶ Play the days"), on_click=_toggle_play, args=(days,), type="primary")
        st.button(
            words.t("Next ▶"), on_click=_step, args=(days, 1), disabled=at == len(days) - 1, help=words.t("Next day (stops at the last)")
        )
        st.select_slider(
            words.t("Day"),
            options=options,
            key=state.DAY_PICK.name,
            format_func=lambda day: words.t("All days") if day == "all" else words.date(day, _day_style(days)),
            on_change=lambda: state.DAY.set(None if state.DAY_PICK.get() == "all" else state.DAY_PICK.get()),
            label_visibility="collapsed",
            width="stretch",
        )
        with st.container(horizontal=True, gap="small", key="sm-player-extras", width="content"):  # folded away on a phone
            st.button(words.t("All days"), on_click=_set_day, args=(None,), disabled=ctx.view.day is None)
            st.selectbox(
                words.t("Pace"), list(PACES), key=state.PACE.name, label_visibility="collapsed", index=1, width=140, format_func=words.t
            )
        with st.container(horizontal=True, gap="small", key="sm-presets", width="content"):  # on wide screens only
            # the sidebar's date presets, one click away beside the player too
            for week in ctx.campaign.weeks:
                shown = (ctx.view.start, ctx.view.end) == week.dates
                st.button(week.name, on_click=_dates, args=(week.key,), disabled=shown, help=week.in_words(words), key=f"week_{week.first}")
            first, last = data_span(ctx.loaded.actions, ctx.campaign.first_week)
            st.button(
                words.t(ALL_LABEL),
                on_click=_dates,
                args=(ALL_LABEL,),
                disabled=ctx.view.all_dates,
                help=words.t(
                    "Every action, {first} to {last}, and those with no date",
                    first=words.date(first, "long"),
                    last=words.date(last, "long"),
                ),
            )
    if playing:
        _ticker(days, PACES[state.PACE.get()])


def _dates(mode: str) -> None:
    state.DATES_MODE.set(mode)
    _set_day(None)
    state.PLAYING.set(False)


def _toggle_play(days: list[dt.date]) -> None:
    playing = not state.PLAYING.get()
    state.PLAYING.set(playing)
    if playing:
        if state.DAY.get() not in days:
            _set_day(days[0])
        state.LAST_STEP.set(time.monotonic())


def _ticker(days: list[dt.date], pace: float) -> None:
    @st.fragment(run_every=pace)
    def tick() -> None:
        if time.monotonic() - state.LAST_STEP.get() < pace * 0.9:
            return
        state.LAST_STEP.set(time.monotonic())
        current = state.DAY.get()
        if current in days and days.index(current) == len(days) - 1:
            state.PLAYING.set(False)
        else:
            _step(days, 1)
        st.rerun()

    tick()


def _map(ctx: Context, in_range: pd.DataFrame) -> None:
    on_map, counts = ctx.result.on_map, ctx.result.counts
    selected = on_map[on_map["id"] == ctx.view.action]
    center = (float(selected.iloc[0]["lat"]), float(selected.iloc[0]["lon"])) if len(selected) else None
    # the map itself depends on the range, not on the day: the player's steps only swap the markers on it,
    # so the next day's markers replace the last day's at once, with no reload of the map, its tiles or outlines
    kinds = sorted(in_range["action_kind"].unique()) if len(in_range) else []
    words = ctx.words
    shown = words.tn("{shown} of {n} action on the map", "{shown} of {n} actions on the map", counts.actions, shown=counts.on_map)
    how = words.t(" · rings mark places known only to their city, dashed rings to their region or country.")
    st.html(
        f'<p class="sm-map-line"><b>{escape_text(shown)}</b><span class="sm-map-how">{escape_text(how)}</span></p>'
    )  # numbers and catalog words
    if len(on_map) > ctx.settings.marker_limit:
        _counted_map(ctx, kinds, on_map, center)
        return
    rows = _marker_rows(ctx.loaded.digest, ctx.view.selection, words.code, on_map, words)
    markers = action_group(rows, fit=center is None, assets=ctx.asset_urls, words=words)
    st_folium(
        _base_map(ctx, kinds, center),
        feature_group_to_add=markers,
        height=560,
        use_container_width=True,
        returned_objects=[],
        key=state.MAP.name,
    )


@memo.shared(max_entries=32)
def _marker_rows(digest: str, selection, language: str, _on_map: pd.DataFrame, _words) -> list[list]:
    """The markers' data, once per data version, view and language for every visitor."""
    return marker_rows(_on_map, _words)


def _base_map(ctx: Context, kinds: list[str], center: tuple[float, float] | None):
    """A new map each time: streamlit-folium adds the markers' group to the map it is given."""
    return base_map(
        kinds,
        offline=ctx.settings.offline,
        assets=ctx.asset_urls,
        outlines=ctx.asset_urls.get("outlines"),
        center=center,
        zoom=9 if center else None,
        tiles=ctx.settings.tiles,
        attribution=ctx.settings.tiles_attribution,
        words=ctx.words,
    )


@st.fragment
def _counted_map(ctx: Context, kinds: list[str], on_map: pd.DataFrame, center: tuple[float, float] | None) -> None:
    """Too many actions to send them all: the server counts them in cells for the view the map reports, and sends
    the actions themselves only where few are in view. Moving the map reruns this part alone, and swaps its layer."""
    view = Viewport.from_map(state.MAP.get()) or (Viewport.around(*center, 9) if center else Viewport.world(2))
    group, layer = view_group(on_map, view, ctx.settings.marker_limit, ctx.asset_urls, ctx.words)
    st_folium(
        _base_map(ctx, kinds, center),
        feature_group_to_add=group,
        height=560,
        use_container_width=True,
        returned_objects=["bounds", "zoom"],
        key=state.MAP.name,
    )
    if layer.aggregated:
        say(
            "caption",
            ctx.words.t(
                "{n} actions in and around this view, too many to draw one by one: each circle counts those "
                "near it, coloured by their commonest kind. Zoom in, or click a circle, to see them one by one.",
                n=layer.in_view,
            ),
        )
    else:
        say(
            "caption",
            ctx.words.tn(
                "{n} action in and around this view, each drawn; zoom out to see the rest as counts.",
                "{n} actions in and around this view, each drawn; zoom out to see the rest as counts.",
                layer.in_view,
            ),
        )


def _details(ctx: Context) -> None:
    actions, words = ctx.result.all, ctx.words  # the call to action too: its card says what the week was
    if actions.empty:
        st.warning(words.t("No action matches these filters. Widen the dates or clear a filter in the sidebar."))
        return
    listed = actions.head(DETAILS_MOST)
    if len(actions) > DETAILS_MOST and ctx.view.action and ctx.view.action not in set(listed["id"]):
        listed = pd.concat([actions[actions["id"] == ctx.view.action], listed])  # a link's action stays chosen
    labels = {row.id: _label(row, words) for row in listed.itertuples()}
    choice = st.selectbox(
        words.t("Action details"),
        ["", *labels],
        format_func=lambda key: labels.get(key, words.t("Choose an action…")),
        key=state.ACTION_PICK.name,
        index=([""] + list(labels)).index(ctx.view.action) if ctx.view.action in labels else 0,
    )
    if choice != state.ACTION.get():
        state.ACTION.set(choice)
        st.rerun()
    if len(actions) > DETAILS_MOST:
        say(
            "caption",
            words.t(
                "The first {most} of {all} are listed here: narrow the view with the filters or a search to find another.",
                most=DETAILS_MOST,
                all=len(actions),
            ),
        )
    if choice:
        # drawn in the browser by markers.js, as the map's popups are: the data travels as JSON, its text as text
        row = actions[actions["id"] == choice].iloc[0].to_dict()
        card = card_html(row, words, ctx.asset_urls.get("photos", ""), remote=ctx.settings.remote_images)
        st.html(card, unsafe_allow_javascript=True)


def _label(row, words) -> str:
    day = words.date(row.date, "medium") if pd.notna(row.date) else words.t("no date")
    where = row.city or row.place or (words.country(row.country_code) if row.country_code else words.t("no place"))
    return f"{day} · {kind_word(row.action_kind, words)} · {row.organisations[:60]} · {where}"


DAY_BY_DAY_MOST = 300
DETAILS_MOST = 1000  # a choice among more is no choice, and each option travels to the browser


def _day_by_day(ctx: Context) -> None:
    """Every action of the view as text, day by day: for a screen reader, a print-out, or a quick read."""
    actions, words = ctx.result.actions, ctx.words
    if actions.empty:
        return
    with st.expander(words.tn("The {n} action day by day, as text", "The {n} actions day by day, as text", len(actions))):
        for day, captions in _days_in_words(ctx.loaded.digest, ctx.view.selection, words.code, actions, words):
            say("caption", day, captions)  # the presentation's captions, as text
        if len(actions) > DAY_BY_DAY_MOST:
            say("caption", words.t("The first {most} are listed here; the Data page has them all.", most=DAY_BY_DAY_MOST))


@memo.shared(max_entries=32)
def _days_in_words(digest: str, selection, language: str, _actions: pd.DataFrame, _words) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The first DAY_BY_DAY_MOST actions' captions under their days, once per data version, view and language."""
    first = np.argsort(_actions["date"].to_numpy(), kind="stable")[:DAY_BY_DAY_MOST]  # one column sorted, not the whole view
    ordered = _actions.iloc[first]
    days = days_written(ordered["date"], _words, "day").where(ordered["date"].notna(), _words.t("No date"))
    return tuple((day, tuple(caption.text for caption in captions_of(group, _words))) for day, group in ordered.groupby(days, sort=False))


def _not_shown(ctx: Context) -> None:
    columns = ["date", "action_kind", "organisations", "target", "unplaced_reason", "geo_note"]
    not_on_map, words = ctx.result.not_on_map, ctx.words
    st.subheader(words.t("Not on the map ({n})", n=len(not_on_map)))
    if len(not_on_map):
        st.caption(words.t("Counted in the figures above, with why they have no place."))
        _show_listing(not_on_map, columns, words)
    else:
        st.caption(words.t("Every action in this view has a place on the map."))
    undated = ctx.result.actions[ctx.result.actions["date"].isna()]
    st.subheader(words.t("Not on the timeline ({n})", n=len(undated)))
    if len(undated):
        st.caption(words.t("These actions have no date in the source, so the timeline cannot show them; they are counted above."))
        _show_listing(undated, ["action_kind", "organisations", "target", "date_end", "description"], words)
    if ctx.result.outside:
        st.caption(
            words.tn(
                "{n} more matching action falls outside these dates: choose “All dates” in the sidebar to see it.",
                "{n} more matching actions fall outside these dates: choose “All dates” in the sidebar to see them.",
                ctx.result.outside,
            )
        )


LISTED_MOST = 200  # a page of text; the Data page has the rest, with sorting and downloads


def _show_listing(actions: pd.DataFrame, columns: list[str], words) -> None:
    """A plain table (no data grid to fetch and run on a phone) of the first LISTED_MOST actions."""
    table = _listing(actions.head(LISTED_MOST), columns, words)
    st.html(f"<style>{TABLE_CSS}</style>" + plain_table(list(table.columns), table.itertuples(index=False)))
    if len(actions) > LISTED_MOST:
        st.caption(words.t("The first {most} of {n} are listed here; the Data page has them all.", most=LISTED_MOST, n=len(actions)))


TABLE_CSS = template_text("table.css")


def _listing(actions: pd.DataFrame, columns: list[str], words) -> pd.DataFrame:
    table = actions[columns].copy()
    for name in ("date", "date_end"):
        if name in table:
            table[name] = table[name].dt.strftime("%Y-%m-%d").fillna("")
    if "action_kind" in table:
        table["action_kind"] = table["action_kind"].map(lambda kind: kind_word(kind, words))
    if "unplaced_reason" in table:
        table["unplaced_reason"] = table["unplaced_reason"].map(lambda reason: reason_word(reason, words))
    heads = column_heads(words)  # as the Data page's table and the CSV head them
    return table.rename(columns={name: heads[name] for name in columns})

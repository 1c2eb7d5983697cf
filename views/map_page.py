"""The map page: headline figures, the timeline with its player, the map, and what is not on it."""

from __future__ import annotations

import datetime as dt
import time

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from utils.aggregate import Viewport
from utils.countries import country_name
from utils.filters import apply
from utils.mapview import KIND_STYLE, action_group, base_map, popup_html, view_group
from utils.story import captions_of
from utils.templates import template_text
from utils.timeline import bounded_span, daily_counts, data_span, days_between, headline, is_frame
from views import state
from views.common import ALL_LABEL, Context, counted, say, share, show_notes

PACES = {"slow (5 s)": 5.0, "normal (3 s)": 3.0, "fast (1.5 s)": 1.5}


def render(ctx: Context) -> None:
    st.html(f"<style>{PAGE_CSS}</style>")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.title("Solidarity Map")
        share(ctx, "map")
    say("caption", f"{_subject(ctx)} {_range_words(ctx)}")
    show_notes(ctx.notes)
    _load_warning(ctx)
    _headline(ctx)
    # the range's actions, whichever day the player shows: the timeline counts them, the player steps through them
    in_range = (
        apply(ctx.loaded.actions, ctx.view.replace(day=None), ctx.loaded.searched(ctx.view)).shown if ctx.view.day else ctx.result.shown
    )
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
    return ctx.campaign.subject or f"Actions from {ctx.loaded.name}."


def _load_warning(ctx: Context) -> None:
    rejected = len(ctx.loaded.rejected)
    if rejected:
        say(
            "warning",
            f"{rejected} of {ctx.loaded.rows_in_file} rows of {ctx.loaded.name} could not be loaded, so they are not shown. "
            "The Data page lists each with its row, column and problem.",
        )


def _range_words(ctx: Context) -> str:
    """The dates shown, named by the campaign's week of action when the view is one."""
    view = ctx.view
    weeks = ctx.campaign.weeks
    if view.day:
        within = [week.name for week in weeks if week.first <= view.day <= week.last]
        return f"Showing {view.day:%A %d %B %Y}" + (f", during the {within[0].lower()}." if within else ".")
    if view.all_dates:
        return "Showing all dates."
    week = ctx.campaign.week_of(view.start, view.end)
    if week is not None:
        return f"Showing the {week.name.lower()}, {week.words}."
    return f"Showing {view.start or '…'} to {view.end or '…'}."


def _headline(ctx: Context) -> None:
    """One line of honest figures: the view's dated actions; undated ones and signatures counted apart."""
    figures = headline(ctx.result.shown)
    apart = headline(ctx.result.undated)
    people = f"{figures['participants']:,}" if figures["with_count"] else "—"
    cells = [
        (f"{figures['actions']:,}", "action" if figures["actions"] == 1 else "actions"),
        (f"{figures['countries']:,}", "country" if figures["countries"] == 1 else "countries"),
        (f"{figures['organisations']:,}", "organisation" if figures["organisations"] == 1 else "organisations"),
        (people, "people taking part"),
    ]
    if figures["signatures"]:
        cells.append((f"{figures['signatures']:,}", "signatures"))
    notes = []
    if figures["without_count"] and figures["with_count"]:
        notes.append(f"{figures['without_count']} of {figures['actions'] - figures['petitions']} give no count")
    if apart["actions"]:
        words = f"and {counted(apart['actions'], 'action')} with no date"
        if apart["signatures"]:
            words += f" ({apart['signatures']:,} signatures)"
        notes.append(words + ", listed below the map")
    # numbers and fixed words only: no data text reaches this HTML
    html = "".join(
        f'<span class="sm-figure"><span class="sm-figure-value">{value}</span> <span class="sm-figure-label">{label}</span></span>'
        for value, label in cells
    )
    html += "".join(f'<span class="sm-figure-apart">{note}</span>' for note in notes)
    st.html(f"<div class='sm-figures' data-testid='headline'>{html}</div>")


def _player_days(ctx: Context, in_range: pd.DataFrame) -> list[dt.date]:
    """Every day of a short range; of a long one (all dates), the days on which some action took place.

    Never more than SOLIDARITY_MAP_MAX_DAYS days are built, whatever the data's span: a caption says what is cut.
    """
    span = ctx.view.replace(day=None).days()
    first, last = span if span is not None else data_span(ctx.loaded.actions, ctx.campaign.first_week)
    first, last, cut = bounded_span(first, last, ctx.settings.max_days)
    if cut:
        say(
            "caption",
            f"The timeline and the day player cover {ctx.settings.max_days} days, {first:%d %B %Y} to {last:%d %B %Y}; "
            f"the {cut:,} days after that are left out of them (the map and the lists still show every action).",
        )
    if (last - first).days <= 31:
        return days_between(first, last)
    counts = daily_counts(in_range, first, last)
    return sorted(set(counts.loc[counts["actions"] > 0, "day"]))


def _timeline(ctx: Context, days: list[dt.date], in_range: pd.DataFrame) -> None:
    if not days:
        return
    table = daily_counts(in_range, days[0], days[-1])
    table = table[table["day"].isin(days)].copy()
    table["label"] = table["day"].map(lambda day: f"{day:%a %d %b}")
    table["shade"] = ((table["day"] == ctx.view.day) | (ctx.view.day is None)).map({True: 1.0, False: 0.3})
    present = [kind for kind in KIND_STYLE if kind in set(table["action_kind"])]
    colours = alt.Scale(domain=present or list(KIND_STYLE), range=[KIND_STYLE[kind][0] for kind in present or KIND_STYLE])
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(
                "label:N",
                sort=[f"{day:%a %d %b}" for day in days],
                title=None,
                axis=alt.Axis(labelAngle=0, labelFontSize=13, labelOverlap=True),
            ),
            y=alt.Y("sum(actions):Q", title="Actions", axis=alt.Axis(tickMinStep=1, labelFontSize=13)),
            color=alt.Color("action_kind:N", scale=colours, title="Kind", legend=alt.Legend(orient="bottom", labelFontSize=13, columns=4)),
            opacity=alt.Opacity("shade:Q", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="Day"),
                alt.Tooltip("action_kind:N", title="Kind"),
                alt.Tooltip("sum(actions):Q", title="Actions"),
            ],
        )
        .transform_filter("datum.action_kind != ''")
        .properties(height=150)
    )
    band = _frame_band(ctx, days)
    st.altair_chart(chart if band is None else band + chart, width="stretch", height=260)
    st.caption("Actions per day, as text: " + "; ".join(_per_day_words(table, days)) + ".")


def _frame_band(ctx: Context, days: list[dt.date]):
    """The campaign's weeks of action as a shaded band behind the bars, with its name."""
    spans = [(week, [day for day in days if week.first <= day <= week.last]) for week in ctx.campaign.weeks]
    rows = [{"label": f"{day:%a %d %b}", "frame": frame.name} for frame, covered in spans for day in covered]
    if not rows:
        return None
    table = pd.DataFrame(rows)
    order = [f"{day:%a %d %b}" for day in days]
    shade = alt.Chart(table).mark_rect(color="#f1e6d6").encode(x=alt.X("label:N", sort=order), tooltip=[alt.Tooltip("frame:N", title="")])
    first = table.groupby("frame", sort=False).head(1)
    names = (
        alt.Chart(first)
        .mark_text(align="left", baseline="top", dx=-20, dy=2, fontSize=12, color="#5d4037")
        .encode(x=alt.X("label:N", sort=order), y=alt.value(0), text="frame:N")
    )
    return shade + names


def _per_day_words(table: pd.DataFrame, days: list[dt.date]) -> list[str]:
    totals = table.groupby("day")["actions"].sum()
    return [f"{day:%a %d %b} {int(totals.get(day, 0))}" for day in days]


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
    at = days.index(ctx.view.day) if ctx.view.day in days else None
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        st.button("◀ Previous", on_click=_step, args=(days, -1), disabled=at == 0, help="Previous day (stops at the first)")
        st.button("⏸ Pause" if playing else "▶ Play the days", on_click=_toggle_play, args=(days,), type="primary")
        st.button("Next ▶", on_click=_step, args=(days, 1), disabled=at == len(days) - 1, help="Next day (stops at the last)")
        st.select_slider(
            "Day",
            options=options,
            key=state.DAY_PICK.name,
            format_func=lambda day: "All days" if day == "all" else f"{day:%a %d %b}",
            on_change=lambda: state.DAY.set(None if state.DAY_PICK.get() == "all" else state.DAY_PICK.get()),
            label_visibility="collapsed",
            width="stretch",
        )
        with st.container(horizontal=True, gap="small", key="sm-player-extras", width="content"):  # folded away on a phone
            st.button("All days", on_click=_set_day, args=(None,), disabled=ctx.view.day is None)
            st.selectbox("Pace", list(PACES), key=state.PACE.name, label_visibility="collapsed", index=1, width=140)
        with st.container(horizontal=True, gap="small", key="sm-presets", width="content"):  # on wide screens only
            # the sidebar's date presets, one click away beside the player too
            for week in ctx.campaign.weeks:
                shown = (ctx.view.start, ctx.view.end) == week.dates
                st.button(week.name, on_click=_dates, args=(week.label,), disabled=shown, help=week.words, key=f"week_{week.first}")
            first, last = data_span(ctx.loaded.actions, ctx.campaign.first_week)
            st.button(
                "All dates",
                on_click=_dates,
                args=(ALL_LABEL,),
                disabled=ctx.view.all_dates,
                help=f"Every action, {first:%d %B %Y} to {last:%d %B %Y}, and those with no date",
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
    on_map = ctx.result.on_map
    selected = on_map[on_map["id"] == ctx.view.action]
    center = (float(selected.iloc[0]["lat"]), float(selected.iloc[0]["lon"])) if len(selected) else None
    # the map itself depends on the range, not on the day: the player's steps only swap the markers on it,
    # so the next day's markers replace the last day's at once, with no reload of the map, its tiles or outlines
    kinds = sorted(in_range["action_kind"].unique()) if len(in_range) else []
    actions = ctx.result.all[~is_frame(ctx.result.all)]
    shown = f"{len(on_map[~is_frame(on_map)]):,} of {counted(len(actions), 'action')} on the map"
    how = " · rings mark places known only to their city, dashed rings to their region or country."
    st.html(f'<p class="sm-map-line"><b>{shown}</b><span class="sm-map-how">{how}</span></p>')  # numbers and fixed words only
    if len(on_map) > ctx.settings.marker_limit:
        _counted_map(ctx, kinds, on_map, center)
        return
    markers = action_group(on_map, fit=center is None, assets=ctx.asset_urls)
    st_folium(
        _base_map(ctx, kinds, center),
        feature_group_to_add=markers,
        height=560,
        use_container_width=True,
        returned_objects=[],
        key=state.MAP.name,
    )


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
    )


@st.fragment
def _counted_map(ctx: Context, kinds: list[str], on_map: pd.DataFrame, center: tuple[float, float] | None) -> None:
    """Too many actions to send them all: the server counts them in cells for the view the map reports, and sends
    the actions themselves only where few are in view. Moving the map reruns this part alone, and swaps its layer."""
    view = Viewport.from_map(state.MAP.get()) or (Viewport.around(*center, 9) if center else Viewport.world(2))
    group, layer = view_group(on_map, view, ctx.settings.marker_limit, ctx.asset_urls)
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
            f"{layer.in_view:,} actions in and around this view, too many to draw one by one: each circle counts those "
            f"near it, coloured by their commonest kind. Zoom in, or click a circle, to see them one by one.",
        )
    else:
        say("caption", f"{counted(layer.in_view, 'action')} in and around this view, each drawn; zoom out to see the rest as counts.")


def _details(ctx: Context) -> None:
    actions = ctx.result.all
    if actions.empty:
        st.warning("No action matches these filters. Widen the dates or clear a filter in the sidebar.")
        return
    listed = actions.head(DETAILS_MOST)
    if len(actions) > DETAILS_MOST and ctx.view.action and ctx.view.action not in set(listed["id"]):
        listed = pd.concat([actions[actions["id"] == ctx.view.action], listed])  # a link's action stays chosen
    labels = {row.id: _label(row) for row in listed.itertuples()}
    choice = st.selectbox(
        "Action details",
        ["", *labels],
        format_func=lambda key: labels.get(key, "Choose an action…"),
        key=state.ACTION_PICK.name,
        index=([""] + list(labels)).index(ctx.view.action) if ctx.view.action in labels else 0,
    )
    if choice != state.ACTION.get():
        state.ACTION.set(choice)
        st.rerun()
    if len(actions) > DETAILS_MOST:
        say(
            "caption",
            f"The first {DETAILS_MOST:,} of {len(actions):,} are listed here: narrow the view with the filters or a search to find another.",
        )
    if choice:
        st.html(popup_html(actions[actions["id"] == choice].iloc[0].to_dict()))


def _label(row) -> str:
    day = f"{row.date:%d %b %Y}" if pd.notna(row.date) else "no date"
    where = row.city or row.place or (country_name(row.country_code) if row.country_code else "no place")
    return f"{day} · {row.action_kind} · {row.organisations[:60]} · {where}"


DAY_BY_DAY_MOST = 300
DETAILS_MOST = 1000  # a choice among more is no choice, and each option travels to the browser


def _day_by_day(ctx: Context) -> None:
    """Every action of the view as text, day by day: for a screen reader, a print-out, or a quick read."""
    actions = ctx.result.all
    if actions.empty:
        return
    with st.expander(f"The {counted(len(actions), 'action')} day by day, as text"):
        first = np.argsort(actions["date"].to_numpy(), kind="stable")[:DAY_BY_DAY_MOST]  # one column sorted, not the whole view
        ordered = actions.iloc[first]
        days = ordered["date"].dt.strftime("%A %d %B %Y").fillna("No date")
        for day, group in ordered.groupby(days, sort=False):
            say("caption", day, [caption.text for caption in captions_of(group)])  # the presentation's captions, as text
        if len(actions) > DAY_BY_DAY_MOST:
            say("caption", f"The first {DAY_BY_DAY_MOST} are listed here; the Data page has them all.")


def _not_shown(ctx: Context) -> None:
    columns = ["date", "action_kind", "organisations", "target", "unplaced_reason", "geo_note"]
    not_on_map = ctx.result.not_on_map
    st.subheader(f"Not on the map ({len(not_on_map)})")
    if len(not_on_map):
        st.caption("Counted in the figures above, with why they have no place.")
        st.dataframe(_listing(not_on_map, columns), hide_index=True, width="stretch")
    else:
        st.caption("Every action in this view has a place on the map.")
    undated = ctx.result.undated
    st.subheader(f"Not on the timeline ({len(undated)})")
    if len(undated):
        st.caption("These actions have no date in the source, so the timeline cannot show them; they are counted above.")
        st.dataframe(
            _listing(undated, ["action_kind", "organisations", "target", "date_end", "description"]), hide_index=True, width="stretch"
        )
    if ctx.result.outside:
        st.caption(
            f"{counted(ctx.result.outside, 'more matching action')} fall outside these dates: choose “All dates” in the sidebar to see them."
        )


def _listing(actions: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    table = actions[columns].copy()
    for name in ("date", "date_end"):
        if name in table:
            table[name] = table[name].dt.strftime("%Y-%m-%d").fillna("")
    return table.rename(columns={"action_kind": "kind", "unplaced_reason": "why not on the map", "geo_note": "detail", "date_end": "until"})

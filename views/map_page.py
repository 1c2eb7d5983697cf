"""The map page: headline figures, the timeline with its player, the map, and what is not on it."""

from __future__ import annotations

import datetime as dt
import time

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from utils.countries import country_name
from utils.filters import ACTION_WEEK, apply
from utils.mapview import KIND_STYLE, build_map, popup_html
from utils.timeline import bounded_span, daily_counts, data_span, days_between, headline
from views.common import ALL_LABEL, WEEK_LABEL, Context, counted, say, show_notes

PACES = {"slow (5 s)": 5.0, "normal (3 s)": 3.0, "fast (1.5 s)": 1.5}


def render(ctx: Context) -> None:
    st.title("Solidarity Map")
    st.caption("Solidarity actions for the detained Jasic workers and Chinese labour activists. " + _range_words(ctx))
    show_notes(ctx.notes)
    _load_warning(ctx)
    _headline(ctx)
    # the range's actions, whichever day the player shows: the timeline counts them, the player steps through them
    in_range = apply(ctx.loaded.actions, ctx.view.replace(day=None)).shown if ctx.view.day else ctx.result.shown
    days = _player_days(ctx, in_range)
    _timeline(ctx, days, in_range)
    _player(ctx, days)
    _map(ctx)
    _details(ctx)
    _not_shown(ctx)


def _load_warning(ctx: Context) -> None:
    rejected = len(ctx.loaded.rejected)
    if rejected:
        say(
            "warning",
            f"{rejected} of {ctx.loaded.rows_in_file} rows of {ctx.loaded.name} could not be loaded, so they are not shown. "
            "The Data page lists each with its row, column and problem.",
        )


def _range_words(ctx: Context) -> str:
    view = ctx.view
    if view.day:
        return f"Showing {view.day:%A %d %B %Y}."
    if view.all_dates:
        return "Showing all dates."
    if (view.start, view.end) == ACTION_WEEK:
        return "Showing the global action week, 25–31 March 2019."
    return f"Showing {view.start or '…'} to {view.end or '…'}."


def _headline(ctx: Context) -> None:
    figures = headline(ctx.result.all)
    undated = len(ctx.result.undated)
    people = f"{figures['participants']:,}" if figures["actions"] > figures["without_count"] else "—"
    boxes = [
        ("Actions", f"{figures['actions']:,}", f"incl. {undated} with no date" if undated else "all dated"),
        ("Countries", f"{figures['countries']:,}", "where a country is known"),
        ("Organisations", f"{figures['organisations']:,}", "named in the sources"),
        (
            "People taking part",
            people,
            f"{figures['without_count']} of {figures['actions']} actions give no count"
            if figures["without_count"]
            else "every action gives a count",
        ),
    ]
    # numbers and fixed words only: no data text reaches this HTML
    cells = "".join(
        f'<div class="sm-figure"><div class="sm-figure-label">{label}</div><div class="sm-figure-value">{value}</div><div class="sm-figure-note">{note}</div></div>'
        for label, value, note in boxes
    )
    st.html(f"<style>{FIGURES_CSS}</style><div class='sm-figures' data-testid='headline'>{cells}</div>")


FIGURES_CSS = """
.sm-figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:4px 0 8px;font-family:"Source Sans",system-ui,sans-serif}
.sm-figure{background:#f6f6f4;border-radius:8px;padding:10px 14px}
.sm-figure-label{font-size:15px;color:#444}
.sm-figure-value{font-size:36px;font-weight:700;line-height:1.15;color:#1d1d1d}
.sm-figure-note{font-size:13px;color:#555}
@media (max-width:640px){.sm-figures{grid-template-columns:1fr 1fr}.sm-figure-value{font-size:28px}}
"""


def _player_days(ctx: Context, in_range: pd.DataFrame) -> list[dt.date]:
    """Every day of a short range; of a long one (all dates), the days on which some action took place.

    Never more than SOLIDARITY_MAP_MAX_DAYS days are built, whatever the data's span: a caption says what is cut.
    """
    span = ctx.view.replace(day=None).days()
    first, last = span if span is not None else data_span(ctx.loaded.actions)
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
    st.altair_chart(chart, width="stretch", height=260)


def _set_day(day: dt.date | None) -> None:
    st.session_state["day"] = day
    st.session_state["day_pick"] = day or "all"


def _step(days: list[dt.date], offset: int) -> None:
    current = st.session_state.get("day")
    if current in days:
        index = (days.index(current) + offset) % len(days)
    else:
        index = 0 if offset >= 0 else len(days) - 1
    _set_day(days[index])


def _player(ctx: Context, days: list[dt.date]) -> None:
    if not days:
        return
    options = ["all", *days]
    if st.session_state.get("day_pick") not in options or st.session_state.get("day_pick") != (ctx.view.day or "all"):
        st.session_state["day_pick"] = ctx.view.day if ctx.view.day in days else "all"
    st.select_slider(
        "Day",
        options=options,
        key="day_pick",
        format_func=lambda day: "All days" if day == "all" else f"{day:%a %d %b}",
        on_change=lambda: st.session_state.update(day=None if st.session_state["day_pick"] == "all" else st.session_state["day_pick"]),
    )
    playing = st.session_state.get("playing", False)
    with st.container(horizontal=True, gap="small"):
        st.button("◀ Previous", on_click=_step, args=(days, -1))
        st.button("⏸ Pause" if playing else "▶ Play the days", on_click=_toggle_play, args=(days,), type="primary")
        st.button("Next ▶", on_click=_step, args=(days, 1))
        st.button("All days", on_click=_set_day, args=(None,), disabled=ctx.view.day is None)
        st.selectbox("Pace", list(PACES), key="pace", label_visibility="collapsed", index=1, width=160)
        # the sidebar's date presets, one click away under the timeline too
        week = (ctx.view.start, ctx.view.end) == ACTION_WEEK
        st.button("Action week", on_click=_dates, args=(WEEK_LABEL,), disabled=week, help="25–31 March 2019")
        st.button(
            "All dates",
            on_click=_dates,
            args=(ALL_LABEL,),
            disabled=ctx.view.all_dates,
            help="Porto on 21 March, the letter of September 2018 and the rest",
        )
    if playing:
        _ticker(days, PACES[st.session_state.get("pace", "normal (3 s)")])


def _dates(mode: str) -> None:
    st.session_state["dates_mode"] = mode
    _set_day(None)
    st.session_state["playing"] = False


def _toggle_play(days: list[dt.date]) -> None:
    playing = not st.session_state.get("playing", False)
    st.session_state["playing"] = playing
    if playing:
        if st.session_state.get("day") not in days:
            _set_day(days[0])
        st.session_state["last_step"] = time.monotonic()


def _ticker(days: list[dt.date], pace: float) -> None:
    @st.fragment(run_every=pace)
    def tick() -> None:
        if time.monotonic() - st.session_state.get("last_step", 0) < pace * 0.9:
            return
        st.session_state["last_step"] = time.monotonic()
        current = st.session_state.get("day")
        if current in days and days.index(current) == len(days) - 1:
            st.session_state["playing"] = False
        else:
            _step(days, 1)
        st.rerun()

    tick()


def _map(ctx: Context) -> None:
    on_map = ctx.result.on_map
    selected = on_map[on_map["id"] == ctx.view.action]
    center = (float(selected.iloc[0]["lat"]), float(selected.iloc[0]["lon"])) if len(selected) else None
    map_ = build_map(
        on_map,
        offline=ctx.settings.offline,
        assets=ctx.asset_urls,
        outlines=ctx.asset_urls.get("outlines"),
        center=center,
        zoom=9 if center else None,
        tiles=ctx.settings.tiles,
        attribution=ctx.settings.tiles_attribution,
    )
    st.markdown(
        f"**{len(on_map)} of {counted(len(ctx.result.all), 'action')} on the map** · rings mark places known only to their city, dashed rings to their region or country."
    )
    st_folium(map_, height=560, use_container_width=True, returned_objects=[], key="map")


def _details(ctx: Context) -> None:
    actions = ctx.result.all
    if actions.empty:
        st.warning("No action matches these filters. Widen the dates or clear a filter in the sidebar.")
        return
    labels = {row.id: _label(row) for row in actions.itertuples()}
    choice = st.selectbox(
        "Action details",
        ["", *labels],
        format_func=lambda key: labels.get(key, "Choose an action…"),
        key="action_pick",
        index=([""] + list(labels)).index(ctx.view.action) if ctx.view.action in labels else 0,
    )
    if choice != st.session_state.get("action", ""):
        st.session_state["action"] = choice
        st.rerun()
    if choice:
        st.html(popup_html(actions[actions["id"] == choice].iloc[0].to_dict()))


def _label(row) -> str:
    day = f"{row.date:%d %b %Y}" if pd.notna(row.date) else "no date"
    where = row.city or row.place or (country_name(row.country_code) if row.country_code else "no place")
    return f"{day} · {row.action_kind} · {row.organisations[:60]} · {where}"


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

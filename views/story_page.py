"""The presentation: the story day by day, big enough for the back of a room, and the file to take along."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from utils.escape import escape_text
from utils.i18n import Words
from utils.map.templates import template_text
from utils.photos.shelf import drawn_photos
from utils.publish.export import story_html
from utils.view import memo
from utils.view.filters import matches_all_but_dates
from utils.view.story import in_story, story_slides, told_after
from utils.view.timeline import is_frame
from views.common import Context, say, served_photo_files, share, show_notes

PLAYER_HEIGHT = 860
CHROME_PX = 200  # Streamlit's header, the notes and the line above the player


@memo.shared(max_entries=16)
def _story(
    digest: str,
    ids: tuple[str, ...],
    span,
    start: str,
    embedded: bool,
    tiles: str,
    max_days: int,
    words: Words,
    _actions,
    _campaign,
    _photos=None,
) -> str:
    """Keyed on the data's digest (its campaign's too, and its photos' names), the actions shown, the view's dates,
    the start and the language: a rerun does not rebuild it, another file, view or language does."""
    return story_html(
        _actions, _campaign, start=start, embedded=embedded, tiles=tiles, max_days=max_days, words=words, span=span, photos=_photos
    )


def _photos(ctx: Context, actions) -> dict[str, bytes]:
    """The photos the story's cards draw (each card's first), by name: the file to take along carries them inside it."""
    return served_photo_files(ctx.settings, drawn_photos(actions, first=True))


@memo.shared(max_entries=16)
def _slide_keys(digest: str, ids: tuple[str, ...], span, max_days: int, _actions, _campaign) -> tuple[str, ...]:
    return tuple(slide.key for slide in story_slides(_actions, max_days, span=span, weeks=_campaign.week_spans))


def render(ctx: Context) -> None:
    actions, words = ctx.loaded.actions[matches_all_but_dates(ctx.loaded.actions, ctx.view, ctx.loaded.searched(ctx.view))], ctx.words
    span = ctx.view.replace(day=None).days()  # the story tells the view's dates, and what led up to them
    after = told_after(actions, span)
    actions = in_story(actions, span)
    if actions.empty:
        show_notes(ctx.notes, words)
        st.warning(words.t("No action matches the sidebar's filters, so there is no story to tell. Clear a filter to see it."))
        return
    counted_actions = int((~is_frame(actions)).sum())  # the campaign's frame (its week of action) is no action
    if counted_actions > ctx.settings.story_most:
        show_notes(ctx.notes, words)
        st.info(
            words.t(
                "This view has {n} actions. The presentation draws each of them on its slides and in the file to "
                "take along, which stays quick up to {most}: choose a country, a kind, an organisation or "
                "fewer days in the sidebar to tell their story, or use the Map page, which counts any number of actions.",
                n=counted_actions,
                most=ctx.settings.story_most,
            )
        )
        return
    ids = tuple(actions["id"])
    photos = _photos(ctx, actions)
    notes = list(ctx.notes)
    if ctx.view.slide and ctx.opened_link:
        keys = _slide_keys(ctx.loaded.digest, ids, span, ctx.settings.max_days, actions, ctx.loaded.campaign)
        if ctx.view.slide not in keys:
            notes.append(
                words.t(
                    "slide={slide} is not a slide of this story ({first} to {last}); starting at the first slide",
                    slide=ctx.view.slide,
                    first=keys[0],
                    last=keys[-1],
                )
            )
    show_notes(tuple(notes), words)
    if after:
        say(
            "caption",
            words.tn(
                "{n} action after {last} is not in this story: choose “All dates” or later dates in the sidebar to tell it.",
                "{n} actions after {last} are not in this story: choose “All dates” or later dates in the sidebar to tell them.",
                after,
                last=words.date(span[1], "long"),
            ),
        )
    st.html("<style>" + template_text("story_page.css").replace("CHROME_PX", f"{CHROME_PX}px") + "</style>")
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        heading = escape_text(words.t("The story, day by day."))
        hint = escape_text(words.t("← → or a clicker; space plays; Full screen leaves the page behind."))
        st.html(f'<p class="sm-story-hint" style="margin:0;font-size:16px"><b>{heading}</b> {hint}</p>', width="stretch")
        st.download_button(
            words.t("⬇ Take it along (offline file)"),
            _story(ctx.loaded.digest, ids, span, "", False, "", ctx.settings.max_days, words, actions, ctx.loaded.campaign, photos),
            f"{ctx.loaded.campaign.slug}-story.html",
            "text/html",
            help=words.t("All of the map, the data and the player are inside the file: open it from a USB stick, no internet needed."),
        )
        share(ctx, "story")
    with st.container(key="sm-story"):
        components.html(
            _story(
                ctx.loaded.digest,
                ids,
                span,
                ctx.view.slide,
                True,
                "" if ctx.settings.offline else ctx.settings.tiles,
                ctx.settings.max_days,
                words,
                actions,
                ctx.loaded.campaign,
                photos,
            ),
            height=PLAYER_HEIGHT,
            scrolling=False,
        )

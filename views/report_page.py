"""Report an action: the public's form. A moderator checks each report before it shows on the map."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

import pycountry
import streamlit as st
from streamlit_folium import st_folium

from utils.actions.load import load_actions
from utils.actions.schema import COLUMN_NAMES, KINDS
from utils.i18n import Words
from utils.live.reports import CONTACT_HELP, LIMITS, check_form, field_label, missions_in, one_row_csv
from utils.live.store import Refused
from utils.photos.clean import MOST_PHOTOS, Photo, PhotoRefused, clean_photo
from utils.places.countries import capital
from utils.places.embassies import Embassies
from utils.places.geocode import geocode_actions
from utils.view.fields import kind_word, precision_word, reason_word
from views import state
from views.common import Context, report_refusal, report_senders, say, shared_geocoder, shared_store, small_map

log = logging.getLogger(__name__)
TRAP = "form_website"  # the field people never see: a robot fills it


def render(ctx: Context) -> None:
    words = ctx.words
    st.title(words.t("Report an action"))
    say(
        "caption",
        words.t(
            "Tell us of a solidarity action: a protest, a letter, a photo, a petition. A moderator checks every report "
            "before it shows on the map; nothing you write here is published until then."
        ),
    )
    reference = state.REPORT_REFERENCE.get()
    if reference:
        say(
            "success",
            words.t(
                "Thank you: your report is in. Its reference is {reference}. It shows on the map once a moderator has checked it.",
                reference=reference,
            ),
        )
        st.link_button(words.t("Follow your report"), f"status?ref={reference}")
        if st.button(words.t("Report another action")):
            state.REPORT_REFERENCE.set("")
            st.rerun()
        return
    _restore_draft()
    values, files = _form(words, ctx.settings.contact_days, ctx.settings.report_photos)
    st.html(f"<style>.st-key-{TRAP} {{ position: absolute; left: -10000px; height: 1px; overflow: hidden; }}</style>")
    trap = st.text_input("Website", key=TRAP, label_visibility="collapsed", placeholder="https://")  # robots only
    _keep_draft()
    checked = check_form(values, trap, words)
    with st.container(horizontal=True, gap="small"):
        preview = st.button(words.t("Preview the place on a map"), help=words.t("Where the map will put it, and how precisely"))
        send = st.button(words.t("Send the report"), type="primary")
    if preview or state.REPORT_PREVIEW.get():
        state.REPORT_PREVIEW.set(True)
        _preview(ctx, checked.cells)
    if send:
        _send(ctx, checked, files)


def _form(words: Words, contact_days: int, photos_on: bool) -> tuple[dict[str, object], list]:
    """The form's values as cells, and the photos picked (files, cleaned only when the report is sent)."""
    today = dt.date.today()
    values: dict[str, object] = {}
    label = {name: field_label(name, words) for name in (*COLUMN_NAMES, "contact")}  # each column's one label
    left, right = st.columns(2)
    values["date"] = left.date_input(
        label["date"], value=None, min_value=dt.date(2000, 1, 1), max_value=today, format="YYYY-MM-DD", key="form_date"
    )
    kinds = [kind.name for kind in KINDS if not kind.frame]
    values["action_kind"] = right.selectbox(
        label["action_kind"], kinds, format_func=lambda name: kind_word(name, words).capitalize(), key="form_kind"
    )
    values["organisations"] = st.text_input(
        label["organisations"], max_chars=LIMITS["organisations"], key="form_organisations", placeholder=words.t("separate several with ;")
    )
    left, right = st.columns(2)
    codes = sorted((country.alpha_2 for country in pycountry.countries), key=words.country)
    country = left.selectbox(
        label["country"], ["", *codes], format_func=lambda code: words.country(code) if code else "—", key="form_country"
    )
    values["country"] = country
    missions = missions_in(Embassies.open(), country) if country else []
    mission = right.selectbox(
        words.t("An embassy or consulate there (optional)"),
        [None, *missions],
        format_func=lambda m: "—" if m is None else m.name,
        key=f"form_mission_{country}",
        on_change=_mission_chosen,
        args=(f"form_mission_{country}",),
        disabled=not missions,
        help=words.t("Pick the mission the action was held at: the map puts it at the mission itself"),
    )
    left, right = st.columns(2)
    values["city"] = left.text_input(label["city"], max_chars=LIMITS["city"], key=CITY)
    values["place"] = right.text_input(
        label["place"], max_chars=LIMITS["place"], key=PLACE, placeholder=words.t("a venue, or an embassy from the list")
    )
    if mission is not None and not mission.placed:  # the list knows it, not where it is: its city is asked for
        say(
            "info",
            words.t(
                "The embassy list has no position for this mission: the map will put it at its city ({city}). Correct the City if it stands elsewhere.",
                city=values["city"] or mission.city or capital(country) or "—",
            ),
        )
    left, right = st.columns(2)
    count = left.number_input(label["participants"], min_value=0, max_value=10_000_000, value=None, step=1, key="form_participants")
    values["participants"] = "" if count is None else str(int(count))
    values["participants_text"] = right.text_input(
        label["participants_text"],
        max_chars=LIMITS["participants_text"],
        key="form_participants_text",
        placeholder=words.t("about 30 dockers"),
    )
    values["target"] = st.text_input(
        label["target"], max_chars=LIMITS["target"], key="form_target", placeholder=words.t("the Chinese embassy")
    )
    values["description"] = st.text_area(label["description"], max_chars=LIMITS["description"], key="form_description", height=120)
    values["source"] = st.text_input(label["source"], max_chars=LIMITS["source"], key="form_source", placeholder="https://…")
    files = _photo_fields(words, values) if photos_on else []
    safe = st.checkbox(
        words.t("Protect those taking part: show it no finer than its city, and name no one"),
        key="form_protect",
        help=words.t("For people at risk (in mainland China, or at risk where they live): a moderator can change it."),
    )
    values["protect"] = "city" if safe else ""
    values["contact"] = st.text_input(label["contact"], max_chars=LIMITS["contact"], key="form_contact")
    st.caption(words.t(CONTACT_HELP, days=contact_days))
    return values, files


CITY, PLACE = "form_city", "form_place"


def _photos_key() -> str:
    return f"report_photos_{state.REPORT_PHOTOS_ROUND.get()}"  # not a form_ field: a picked file is never a draft's


def _photo_fields(words: Words, values: dict[str, object]) -> list:
    """The photo picker (its key changes with each report sent, so a sent report's photos leave with it), and what
    they show and who took them, as the report's cells."""
    files = st.file_uploader(
        words.t("Photos (up to {n}): JPEG, PNG, WebP or HEIC", n=MOST_PHOTOS),
        type=["jpg", "jpeg", "png", "webp", "heic", "heif"],
        accept_multiple_files=True,
        key=_photos_key(),
        help=words.t("Each is kept as its picture alone: where and when it was taken, and by which phone, are left out."),
    )
    left, right = st.columns(2)
    label = {name: field_label(name, words) for name in ("photo_alt", "photo_credit")}
    values["photo_alt"] = left.text_input(label["photo_alt"], max_chars=LIMITS["photo_alt"], key="form_photo_alt")
    values["photo_credit"] = right.text_input(label["photo_credit"], max_chars=LIMITS["photo_credit"], key="form_photo_credit")
    return list(files or [])


def _clean_photos(picked: list, words: Words) -> tuple[list[Photo], list[str]]:
    """The picked photos made clean, and what is wrong with any (in plain words, each naming its file)."""
    problems = []
    if len(picked) > MOST_PHOTOS:
        problems.append(words.t("{n} photos picked; a report may carry {most}", n=len(picked), most=MOST_PHOTOS))
    photos = []
    for upload in picked[:MOST_PHOTOS]:
        try:
            photos.append(clean_photo(upload.getvalue(), upload.name))
        except PhotoRefused as refused:
            problems.append(words.say(refused.args[0]))
    return photos, problems


def _mission_chosen(key: str) -> None:
    """A mission picked: its name goes in Place, and its city in City when the list knows it; a City already
    typed is never emptied (the list does not know every mission's city)."""
    mission = state.widget_value(key)
    if mission is None:
        return
    if mission.city:
        state.set_widget(CITY, mission.city)
    state.set_widget(PLACE, f"{mission.title}, {mission.city}" if mission.city else mission.title)


def _preview(ctx: Context, cells: dict[str, str]) -> None:
    """Where the map will put the report, before it is sent: a wrong city or namesake shows at a glance."""
    words = ctx.words
    result = load_actions(one_row_csv(cells))
    if not result.accepted:
        say(
            "warning",
            words.t("The place can be shown once the form can be read:"),
            [words.say(problem.message) for problem in result.errors[:5]],
        )
        return
    placed = geocode_actions(result.actions, shared_geocoder(ctx.settings))
    action = placed.iloc[0]
    if action["unplaced_reason"]:
        say(
            "warning",
            words.t(
                "This report would not be on the map: {reason}. Give a city or a country it can find.",
                reason=reason_word(action["unplaced_reason"], words),
            ),
        )
        return
    how = precision_word(action["precision"], words)
    say("info", words.t("The map will put it at {place}: {how}.", place=action["geo_label"] or action["city"], how=how))
    preview = small_map(ctx, placed)
    st_folium(preview, height=300, use_container_width=True, returned_objects=[], key="form_preview_map")


def _restore_draft() -> None:
    """A run that stopped before the form was drawn (the database away, a setting read again) emptied its widgets:
    what was typed comes back from the draft kept beside them."""
    state.restore_widgets(state.REPORT_DRAFT.get())


def _keep_draft() -> None:
    state.REPORT_DRAFT.set({name: value for name, value in state.widgets("form_").items() if name != TRAP})


def _send(ctx: Context, checked, files: list) -> None:
    words = ctx.words
    photos, photo_problems = _clean_photos(files, words) if ctx.settings.report_photos else ([], [])
    if checked.problems or photo_problems:
        say("error", words.t("The report cannot be sent yet:"), [*checked.problems, *photo_problems])
        return
    token = state.REPORT_TOKEN.get() or secrets.token_urlsafe(24)
    state.REPORT_TOKEN.set(token)  # the same form sent again, after a blip, is stored once
    senders = report_senders(ctx.settings)
    try:
        store = shared_store(ctx.settings)
        refusal = "" if store.reference_of_token(token) else report_refusal(store, senders, words)
        if refusal:
            say("warning", refusal)
            return
        if checked.trap:  # a robot: answered and limited like anyone, its reference's status reads as any; nothing of it is kept
            log.info("a report with the hidden field filled was dropped")
            reference = store.trap(senders)
        else:
            reference = store.submit(
                checked.cells,
                contact=checked.contact,
                sender=senders,
                token=token,
                photos=photos,
            )
    except Refused as refused:
        said = [f"{_field(problem.column, words)}: {words.say(problem.message)}" for problem in refused.problems]
        say("error", words.t("The report cannot be sent yet:"), said)
        return
    except Exception as error:  # the database: logged, the visitor told in plain words, every field kept
        log.error("a report could not be stored: %s: %s", type(error).__name__, error)
        say(
            "error",
            words.t(
                "Nothing was sent: the report cannot be stored just now. Everything you typed is still here; "
                "please press Send again in a minute."
            ),
        )
        return
    state.REPORT_REFERENCE.set(reference)
    state.REPORT_PREVIEW.set(False)
    state.REPORT_TOKEN.set("")
    state.REPORT_DRAFT.set({})
    state.forget_widgets("form_")  # an empty form for the next report
    state.REPORT_PHOTOS_ROUND.set(state.REPORT_PHOTOS_ROUND.get() + 1)
    st.rerun()


def _field(column: str | None, words: Words) -> str:
    """A refused report's field as the form labels it; a column the form does not show (its id) is the report."""
    return field_label(column, words) if column and column != "id" else words.t("The report")

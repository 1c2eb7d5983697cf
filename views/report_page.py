"""Report an action: the public's form. A moderator checks each report before it shows on the map."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time

import pycountry
import streamlit as st
from streamlit_folium import st_folium

from utils.countries import country_name
from utils.embassies import Embassies
from utils.fields import PRECISION_WORDS
from utils.geocode import geocode_actions
from utils.load import load_actions
from utils.reports import LIMITS, PER_ADDRESS, PER_SESSION, WORDS, check_form, missions_in, one_row_csv, too_many
from utils.schema import KIND, KINDS
from utils.store import Refused
from views import state
from views.common import Context, say, shared_geocoder, shared_store, small_map

log = logging.getLogger(__name__)
TRAP = "form_website"  # the field people never see: a robot fills it


def render(ctx: Context) -> None:
    st.title("Report an action")
    say(
        "caption",
        "Tell us of a solidarity action: a protest, a letter, a photo, a petition. A moderator checks every report "
        "before it shows on the map; nothing you write here is published until then.",
    )
    reference = state.REPORT_REFERENCE.get()
    if reference:
        say("success", f"Thank you: your report is in. Its reference is {reference}. It shows on the map once a moderator has checked it.")
        if st.button("Report another action"):
            state.REPORT_REFERENCE.set("")
            st.rerun()
        return
    values = _form()
    st.html(f"<style>.st-key-{TRAP} {{ position: absolute; left: -10000px; height: 1px; overflow: hidden; }}</style>")
    trap = st.text_input("Leave this field empty", key=TRAP, label_visibility="collapsed", placeholder="website")
    checked = check_form(values, trap)
    with st.container(horizontal=True, gap="small"):
        preview = st.button("Preview the place on a map", help="Where the map will put it, and how precisely")
        send = st.button("Send the report", type="primary")
    if preview or state.REPORT_PREVIEW.get():
        state.REPORT_PREVIEW.set(True)
        _preview(ctx, checked.cells)
    if send:
        _send(ctx, checked)


def _form() -> dict[str, object]:
    today = dt.date.today()
    values: dict[str, object] = {}
    left, right = st.columns(2)
    values["date"] = left.date_input(
        WORDS["date"], value=None, min_value=dt.date(2000, 1, 1), max_value=today, format="YYYY-MM-DD", key="form_date"
    )
    kinds = [kind.name for kind in KINDS if not kind.frame]
    values["action_kind"] = right.selectbox(WORDS["action_kind"], kinds, format_func=lambda name: KIND[name].label, key="form_kind")
    values["organisations"] = st.text_input(
        WORDS["organisations"], max_chars=LIMITS["organisations"], key="form_organisations", placeholder="separate several with ;"
    )
    left, right = st.columns(2)
    codes = sorted((country.alpha_2 for country in pycountry.countries), key=country_name)
    country = left.selectbox(
        WORDS["country"], ["", *codes], format_func=lambda code: country_name(code) if code else "—", key="form_country"
    )
    values["country"] = country
    missions = missions_in(Embassies.open(), country) if country else []
    mission = right.selectbox(
        "An embassy or consulate there (optional)",
        [None, *missions],
        format_func=lambda m: "—" if m is None else m.name,
        key=f"form_mission_{country}",
        disabled=not missions,
        help="Pick the mission the action was held at: the map puts it at the mission itself",
    )
    left, right = st.columns(2)
    values["city"] = left.text_input(
        WORDS["city"], max_chars=LIMITS["city"], key=f"form_city_{mission.qid if mission else ''}", value=mission.city if mission else ""
    )
    values["place"] = right.text_input(
        WORDS["place"], max_chars=LIMITS["place"], key=f"form_place_{mission.qid if mission else ''}", value=mission.name if mission else ""
    )
    left, right = st.columns(2)
    count = left.number_input(WORDS["participants"], min_value=0, max_value=10_000_000, value=None, step=1, key="form_participants")
    values["participants"] = "" if count is None else str(int(count))
    values["participants_text"] = right.text_input(
        WORDS["participants_text"], max_chars=LIMITS["participants_text"], key="form_participants_text", placeholder="about 30 dockers"
    )
    values["target"] = st.text_input(WORDS["target"], max_chars=LIMITS["target"], key="form_target", placeholder="the Chinese embassy")
    values["description"] = st.text_area(WORDS["description"], max_chars=LIMITS["description"], key="form_description", height=120)
    values["source"] = st.text_input(WORDS["source"], max_chars=LIMITS["source"], key="form_source", placeholder="https://…")
    values["contact"] = st.text_input(WORDS["contact"], max_chars=LIMITS["contact"], key="form_contact")
    return values


def _preview(ctx: Context, cells: dict[str, str]) -> None:
    """Where the map will put the report, before it is sent: a wrong city or namesake shows at a glance."""
    result = load_actions(one_row_csv(cells))
    if not result.accepted:
        say("warning", "The place can be shown once the form can be read:", [problem.message for problem in result.errors[:5]])
        return
    placed = geocode_actions(result.actions, shared_geocoder(ctx.settings))
    action = placed.iloc[0]
    if action["unplaced_reason"]:
        say("warning", f"This report would not be on the map: {action['unplaced_reason']}. Give a city or a country it can find.")
        return
    words = PRECISION_WORDS.get(action["precision"], action["precision"])
    say("info", f"The map will put it at {action['geo_label'] or action['city']}: {words}.")
    preview = small_map(ctx, placed)
    st_folium(preview, height=300, use_container_width=True, returned_objects=[], key="form_preview_map")


def _send(ctx: Context, checked) -> None:
    if checked.problems:
        say("error", "The report cannot be sent yet:", list(checked.problems))
        return
    if checked.trap:  # answered like a success, so a robot learns nothing; nothing is stored
        log.info("a report with the hidden field filled was dropped")
        state.REPORT_REFERENCE.set("".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4)) + "-0000")
        st.rerun()
    store = shared_store(ctx.settings)
    reporter = state.REPORTER.get() or secrets.token_hex(16)
    state.REPORTER.set(reporter)
    now = time.time()
    sent = [moment for moment in state.REPORTS_SENT.get() if now - moment < PER_SESSION[1].total_seconds()]
    address = st.context.ip_address or "unknown"
    since = dt.datetime.now(dt.UTC) - PER_ADDRESS[1]
    refusal = too_many(len(sent), store.reports_since(f"address:{address}", since))
    if refusal:
        say("warning", refusal)
        return
    try:
        reference = store.submit(checked.cells, contact=checked.contact, sender=f"address:{address}")
    except Refused as refused:
        said = [f"{WORDS.get(problem.column or '', problem.column or 'The report')}: {problem.message}" for problem in refused.problems]
        say("error", "The report cannot be sent yet:", said)
        return
    except Exception:  # the database: logged in full, the visitor told in plain words
        log.exception("a report could not be stored")
        say("error", "The report could not be stored just now. Please try again in a minute; nothing was sent.")
        return
    state.REPORTS_SENT.set([*sent, now])
    state.REPORT_REFERENCE.set(reference)
    state.REPORT_PREVIEW.set(False)
    state.forget_widgets("form_")  # an empty form for the next report
    st.rerun()

"""Moderate: the queue of reports, for signed-in moderators only. A visitor sees a sign-in and nothing else."""

from __future__ import annotations

import logging

import streamlit as st
from streamlit_folium import st_folium

from utils import memo
from utils.auth import Throttle, check_password, moderator_accounts, moderator_emails
from utils.fields import PRECISION_WORDS
from utils.geocode import geocode_actions
from utils.load import load_actions
from utils.reports import WORDS, one_row_csv
from utils.schema import LABELS
from utils.store import CELLS, Conflict, Refused
from views import state
from views.common import Context, app_secrets, counted, say, shared_geocoder, shared_store, small_map

log = logging.getLogger(__name__)


@memo.shared(max_entries=1)
def throttle() -> Throttle:
    """Failed sign-ins, for the whole process: a second tab does not reset them."""
    return Throttle()


def render(ctx: Context) -> None:
    st.title("Moderate")
    who = _signed_in()
    if not who:
        return
    store = shared_store(ctx.settings)
    pending = store.rows(("pending",))
    with st.container(horizontal=True, vertical_alignment="center"):
        say("caption", f"Signed in as {who}. {counted(len(pending), 'report')} waiting.")
        if st.button("Sign out"):
            state.MODERATOR.set("")
            if "auth" in app_secrets():
                st.logout()
            st.rerun()
    if not pending:
        st.info("No report is waiting. New reports appear here as they come in.")
        return
    labels = {row["id"]: _label(row) for row in pending}
    chosen = st.selectbox("Report", list(labels), format_func=labels.get, key=state.QUEUE_PICK.name)
    row = next(row for row in pending if row["id"] == chosen)
    _report(ctx, store, row, who)


def _signed_in() -> str:
    """The moderator's name once signed in; until then the sign-in, and no other widget of this page."""
    if state.MODERATOR.get():
        return state.MODERATOR.get()
    secrets = app_secrets()
    if "auth" in secrets:  # Streamlit's own sign-in (OIDC), configured in .streamlit/secrets.toml
        if not st.user.is_logged_in:
            st.button("Sign in", on_click=st.login, type="primary")
            return ""
        email = str(st.user.get("email") or "").casefold()
        if email and email in moderator_emails(secrets):
            state.MODERATOR.set(email)
            return email
        say("warning", "You are signed in, but not as one of this site's moderators.")
        st.button("Sign out", on_click=st.logout)
        return ""
    accounts = moderator_accounts(secrets)
    if not accounts:
        st.info("No moderator account is set up on this site. Its operator adds one as the README says (python -m utils.auth hash).")
        return ""
    with st.form("sign_in"):
        name = st.text_input("Name", max_chars=100)
        password = st.text_input("Password", type="password", max_chars=200)
        pressed = st.form_submit_button("Sign in", type="primary")
    if not pressed:
        return ""
    keys = (f"name:{name.strip().casefold()}", f"address:{st.context.ip_address or 'unknown'}")
    wait = throttle().wait(*keys)
    if wait > 0:
        say("warning", f"Too many failed sign-ins: try again in {wait:.0f} seconds.")
        return ""
    if not check_password(accounts, name, password):
        throttle().failed(*keys)
        log.warning("a failed moderator sign-in for %r", name[:40])
        say("error", "That name and password do not match an account.")
        return ""
    throttle().succeeded(*keys)
    state.MODERATOR.set(name.strip())
    st.rerun()
    return ""


def _label(row: dict) -> str:
    where = row["city"] or row["place"] or row["country"] or "no place"
    return (
        f"{row['reference'] or row['id']} · {row['date'] or 'no date'} · {(row['organisations'] or 'no organisation')[:50]} · {where[:40]}"
    )


def _report(ctx: Context, store, row: dict, who: str) -> None:
    action_id, version = row["id"], row["version"]
    key = f"{action_id}_{version}"  # a saved change gives fresh widgets with the new values
    st.subheader("The report")
    say("caption", f"Reported {row['created_at']:%d %b %Y %H:%M} UTC; contact: {row['contact'] or 'none given'} (never shown publicly).")
    changes: dict[str, str] = {}
    for index, name in enumerate(CELLS):
        if index % 2 == 0:  # a row of two per pair: on a phone they stack in the form's own order
            pair = st.columns(2)
        column = pair[index % 2]
        label = WORDS.get(name, LABELS[name])
        if name == "description":
            value = st.text_area(label, row[name], key=f"edit_{name}_{key}", height=120)
        else:
            value = column.text_input(label, row[name], key=f"edit_{name}_{key}")
        if value != row[name]:
            changes[name] = value
    if st.button("Save changes", disabled=not changes):
        _attempt(lambda: store.edit(action_id, changes, who, version), "Saved.")
    _place(ctx, store, row, who, key)
    _decide(store, row, who, key)
    with st.expander("Who changed what"):
        st.dataframe(store.audit(action_id), hide_index=True, width="stretch")


def _attempt(change, done: str) -> None:
    try:
        change()
    except Conflict as conflict:
        say("warning", f"Not saved: {conflict}")
        return
    except Refused as refused:
        say(
            "error",
            "Not saved:",
            [f"{LABELS.get(problem.column or '', problem.column or '')}: {problem.message}" for problem in refused.problems],
        )
        return
    st.toast(done)
    st.rerun()


def _place(ctx: Context, store, row: dict, who: str, key: str) -> None:
    """Where the map would put it; fix it by clicking the map or choosing among the places of that name."""
    st.subheader("The place")
    result = load_actions(one_row_csv({name: row[name] for name in CELLS}))
    if not result.accepted:
        say("warning", "The report cannot be read as it is:", [problem.message for problem in result.errors[:5]])
        return
    geocoder = shared_geocoder(ctx.settings)
    placed = geocode_actions(result.actions, geocoder)
    action = placed.iloc[0]
    if action["unplaced_reason"]:
        say("warning", f"Not on the map as it is: {action['unplaced_reason']}. Click the map below to place it, or correct the city.")
    else:
        say("info", f"Placed at {action['geo_label']}: {PRECISION_WORDS.get(action['precision'], action['precision'])}.")
    gazetteer = geocoder.gazetteer
    candidates = gazetteer.candidates(row["city"], str(action["country_code"] or "")) if gazetteer and row["city"] else []
    if len(candidates) > 1:
        names = {f"{match.lat:.5f},{match.lon:.5f}": match.label for match in candidates}
        chosen = st.selectbox(
            f"Places named {row['city'][:40]}", ["", *names], format_func=lambda k: names.get(k, "choose one…"), key=f"candidate_{key}"
        )
        if chosen and st.button("Put it there"):
            lat, lon = chosen.split(",")
            _attempt(lambda: store.edit(row["id"], {"lat": lat, "lon": lon}, who, row["version"]), "Placed.")
    fixing = small_map(ctx, placed)
    clicked = st_folium(fixing, height=340, use_container_width=True, returned_objects=["last_clicked"], key=f"fix_map_{key}")
    spot = (clicked or {}).get("last_clicked")
    if spot:
        lat, lon = round(spot["lat"], 5), round(((spot["lng"] + 180) % 360) - 180, 5)
        if st.button(f"Put it at the spot clicked ({lat}, {lon})"):
            _attempt(lambda: store.edit(row["id"], {"lat": str(lat), "lon": str(lon)}, who, row["version"]), "Placed.")


def _decide(store, row: dict, who: str, key: str) -> None:
    st.subheader("Publish or reject")
    duplicates = store.duplicates(row["id"])
    if duplicates:
        say(
            "warning",
            "This may repeat an action already in the data (same organisation, day and city):",
            [_label(other) for other in duplicates],
        )
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        if st.button("Approve: show it on the map", type="primary"):
            _attempt(lambda: store.approve(row["id"], who, row["version"]), "Approved: it is on the map.")
        reason = st.text_input("Reason for rejecting", max_chars=300, key=f"reason_{key}", placeholder="not an action, spam, …")
        if st.button("Reject", disabled=not reason.strip()):
            _attempt(lambda: store.reject(row["id"], who, row["version"], reason), "Rejected.")
        if duplicates and st.button(f"Reject as a duplicate of {duplicates[0]['id'][:40]}"):
            _attempt(
                lambda: store.reject(row["id"], who, row["version"], f"duplicate of {duplicates[0]['id']}", duplicates[0]["id"]),
                "Rejected.",
            )

"""Moderate: the queue of reports, for signed-in moderators only. A visitor sees a sign-in and nothing else."""

from __future__ import annotations

import logging

import streamlit as st
from streamlit_folium import st_folium

from utils import memo
from utils.auth import Throttle, check_password, moderator_accounts, moderator_emails
from utils.fields import precision_word, reason_word
from utils.geocode import geocode_actions
from utils.i18n import Words
from utils.load import load_actions
from utils.reports import WORDS, one_row_csv
from utils.schema import LABELS
from utils.store import CELLS, Conflict, Refused
from views import state
from views.common import Context, app_secrets, say, shared_geocoder, shared_store, small_map

log = logging.getLogger(__name__)


@memo.shared(max_entries=1)
def throttle() -> Throttle:
    """Failed sign-ins, for the whole process: a second tab does not reset them."""
    return Throttle()


def render(ctx: Context) -> None:
    words = ctx.words
    st.title(words.t("Moderate"))
    who = _signed_in(words)
    if not who:
        return
    store = shared_store(ctx.settings)
    pending = store.rows(("pending",))
    with st.container(horizontal=True, vertical_alignment="center"):
        say(
            "caption",
            words.tn("Signed in as {who}. {n} report waiting.", "Signed in as {who}. {n} reports waiting.", len(pending), who=who),
        )
        if st.button(words.t("Sign out")):
            state.MODERATOR.set("")
            if "auth" in app_secrets():
                st.logout()
            st.rerun()
    if not pending:
        st.info(words.t("No report is waiting. New reports appear here as they come in."))
        return
    labels = {row["id"]: _label(row, words) for row in pending}
    chosen = st.selectbox(words.t("Report"), list(labels), format_func=labels.get, key=state.QUEUE_PICK.name)
    row = next(row for row in pending if row["id"] == chosen)
    _report(ctx, store, row, who)


def _signed_in(words: Words) -> str:
    """The moderator's name once signed in; until then the sign-in, and no other widget of this page."""
    if state.MODERATOR.get():
        return state.MODERATOR.get()
    secrets = app_secrets()
    if "auth" in secrets:  # Streamlit's own sign-in (OIDC), configured in .streamlit/secrets.toml
        if not st.user.is_logged_in:
            st.button(words.t("Sign in"), on_click=st.login, type="primary")
            return ""
        email = str(st.user.get("email") or "").casefold()
        if email and email in moderator_emails(secrets):
            state.MODERATOR.set(email)
            return email
        say("warning", words.t("You are signed in, but not as one of this site's moderators."))
        st.button(words.t("Sign out"), on_click=st.logout)
        return ""
    accounts = moderator_accounts(secrets)
    if not accounts:
        st.info(
            words.t("No moderator account is set up on this site. Its operator adds one as the README says (python -m utils.auth hash).")
        )
        return ""
    with st.form("sign_in"):
        name = st.text_input(words.t("Name"), max_chars=100)
        password = st.text_input(words.t("Password"), type="password", max_chars=200)
        pressed = st.form_submit_button(words.t("Sign in"), type="primary")
    if not pressed:
        return ""
    keys = (f"name:{name.strip().casefold()}", f"address:{st.context.ip_address or 'unknown'}")
    wait = throttle().wait(*keys)
    if wait > 0:
        say("warning", words.t("Too many failed sign-ins: try again in {seconds} seconds.", seconds=f"{wait:.0f}"))
        return ""
    if not check_password(accounts, name, password):
        throttle().failed(*keys)
        log.warning("a failed moderator sign-in for %r", name[:40])
        say("error", words.t("That name and password do not match an account."))
        return ""
    throttle().succeeded(*keys)
    state.MODERATOR.set(name.strip())
    st.rerun()
    return ""


def _label(row: dict, words: Words) -> str:
    where = row["city"] or row["place"] or row["country"] or words.t("no place")
    day = row["date"] or words.t("no date")
    who = row["organisations"] or words.t("no organisation")
    return f"{row['reference'] or row['id']} · {day} · {who[:50]} · {where[:40]}"


def _report(ctx: Context, store, row: dict, who: str) -> None:
    action_id, version = row["id"], row["version"]
    words = ctx.words
    key = f"{action_id}_{version}"  # a saved change gives fresh widgets with the new values
    st.subheader(words.t("The report"))
    say(
        "caption",
        words.t(
            "Reported {when} UTC; contact: {contact} (never shown publicly).",
            when=f"{row['created_at']:%Y-%m-%d %H:%M}",
            contact=row["contact"] or words.t("none given"),
        ),
    )
    changes: dict[str, str] = {}
    for index, name in enumerate(CELLS):
        if index % 2 == 0:  # a row of two per pair: on a phone they stack in the form's own order
            pair = st.columns(2)
        column = pair[index % 2]
        label = words.t(WORDS.get(name, LABELS[name]))
        if name == "description":
            value = st.text_area(label, row[name], key=f"edit_{name}_{key}", height=120)
        else:
            value = column.text_input(label, row[name], key=f"edit_{name}_{key}")
        if value != row[name]:
            changes[name] = value
    if st.button(words.t("Save changes"), disabled=not changes):
        _attempt(lambda: store.edit(action_id, changes, who, version), words.t("Saved."), words)
    _place(ctx, store, row, who, key)
    _decide(store, row, who, key, words)
    with st.expander(words.t("Who changed what")):
        st.dataframe(store.audit(action_id), hide_index=True, width="stretch")


def _attempt(change, done: str, words: Words) -> None:
    try:
        change()
    except Conflict as conflict:
        say("warning", words.t("Not saved: {why}", why=conflict))
        return
    except Refused as refused:
        say(
            "error",
            words.t("Not saved:"),
            [f"{_column(problem.column, words)}: {words.say(problem.message)}" for problem in refused.problems],
        )
        return
    st.toast(done)
    st.rerun()


def _column(name: str | None, words: Words) -> str:
    if name in LABELS:
        label = LABELS[name]
        return words.t(label)
    return name or ""


def _place(ctx: Context, store, row: dict, who: str, key: str) -> None:
    """Where the map would put it; fix it by clicking the map or choosing among the places of that name."""
    words = ctx.words
    st.subheader(words.t("The place"))
    result = load_actions(one_row_csv({name: row[name] for name in CELLS}))
    if not result.accepted:
        say("warning", words.t("The report cannot be read as it is:"), [words.say(problem.message) for problem in result.errors[:5]])
        return
    geocoder = shared_geocoder(ctx.settings)
    placed = geocode_actions(result.actions, geocoder)
    action = placed.iloc[0]
    if action["unplaced_reason"]:
        reason = reason_word(action["unplaced_reason"], words)
        say("warning", words.t("Not on the map as it is: {reason}. Click the map below to place it, or correct the city.", reason=reason))
    else:
        say("info", words.t("Placed at {place}: {how}.", place=action["geo_label"], how=precision_word(action["precision"], words)))
    gazetteer = geocoder.gazetteer
    candidates = gazetteer.candidates(row["city"], str(action["country_code"] or "")) if gazetteer and row["city"] else []
    if len(candidates) > 1:
        names = {f"{match.lat:.5f},{match.lon:.5f}": match.label for match in candidates}
        chosen = st.selectbox(
            words.t("Places named {name}", name=row["city"][:40]),
            ["", *names],
            format_func=lambda k: names.get(k, words.t("choose one…")),
            key=f"candidate_{key}",
        )
        if chosen and st.button(words.t("Put it there")):
            lat, lon = chosen.split(",")
            _attempt(lambda: store.edit(row["id"], {"lat": lat, "lon": lon}, who, row["version"]), words.t("Placed."), words)
    fixing = small_map(ctx, placed)
    clicked = st_folium(fixing, height=340, use_container_width=True, returned_objects=["last_clicked"], key=f"fix_map_{key}")
    spot = (clicked or {}).get("last_clicked")
    if spot:
        lat, lon = round(spot["lat"], 5), round(((spot["lng"] + 180) % 360) - 180, 5)
        if st.button(words.t("Put it at the spot clicked ({lat}, {lon})", lat=lat, lon=lon)):
            _attempt(lambda: store.edit(row["id"], {"lat": str(lat), "lon": str(lon)}, who, row["version"]), words.t("Placed."), words)


def _decide(store, row: dict, who: str, key: str, words: Words) -> None:
    st.subheader(words.t("Publish or reject"))
    duplicates = store.duplicates(row["id"])
    if duplicates:
        say(
            "warning",
            words.t("This may repeat an action already in the data (same organisation, day and city):"),
            [_label(other, words) for other in duplicates],
        )
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        if st.button(words.t("Approve: show it on the map"), type="primary"):
            _attempt(lambda: store.approve(row["id"], who, row["version"]), words.t("Approved: it is on the map."), words)
        reason = st.text_input(
            words.t("Reason for rejecting"), max_chars=300, key=f"reason_{key}", placeholder=words.t("not an action, spam, …")
        )
        if st.button(words.t("Reject"), disabled=not reason.strip()):
            _attempt(lambda: store.reject(row["id"], who, row["version"], reason), words.t("Rejected."), words)
        if duplicates and st.button(words.t("Reject as a duplicate of {other}", other=duplicates[0]["id"][:40])):
            _attempt(
                lambda: store.reject(row["id"], who, row["version"], f"duplicate of {duplicates[0]['id']}", duplicates[0]["id"]),
                words.t("Rejected."),
                words,
            )

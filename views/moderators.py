"""Who moderates: the sign-in (a password in the secrets, or Streamlit's own st.login), the throttle on
failed sign-ins, and a sign-in that lasts across reloads (a cookie naming a session kept in the database)."""

from __future__ import annotations

import datetime as dt
import json
import logging

import streamlit as st

from utils.i18n import Words
from utils.live.auth import Throttle, check_password, moderator_accounts, moderator_emails
from utils.live.store import DATABASE_ERRORS
from views import state
from views.common import Context, app_secrets, say, shared_store, visitor_address

log = logging.getLogger(__name__)
COOKIE = "sm_moderator"


def current(ctx: Context) -> str:
    """The signed-in moderator's name, or ''; a reload with a live session cookie is signed in again. Draws nothing."""
    if state.MODERATOR.get():
        return state.MODERATOR.get()
    token = (st.context.cookies or {}).get(COOKIE, "") if ctx.settings.moderator_hours else ""
    if not token:
        return ""
    try:
        name = shared_store(ctx.settings).session_name(token)
    except DATABASE_ERRORS as error:
        log.error("moderator sessions cannot be read: %s: %s", type(error).__name__, error)
        return ""
    if name:
        state.MODERATOR.set(name)
        state.MODERATOR_TOKEN.set(token)
    return name


def signed_in(ctx: Context) -> str:
    """The moderator's name once signed in; until then the sign-in, and no other widget of the page."""
    who = current(ctx)
    _set_cookie()
    if who:
        return who
    words = ctx.words
    secrets = app_secrets()
    if "auth" in secrets:  # Streamlit's own sign-in (OIDC), configured in .streamlit/secrets.toml
        return _oidc(secrets, words)
    accounts = moderator_accounts(secrets)
    if not accounts:
        st.info(
            words.t("No moderator account is set up on this site. Its operator adds one as the README says (python -m utils auth hash).")
        )
        return ""
    with st.form("sign_in"):
        name = st.text_input(words.t("Name"), max_chars=100)
        password = st.text_input(words.t("Password"), type="password", max_chars=200)
        pressed = st.form_submit_button(words.t("Sign in"), type="primary")
    if pressed:
        _sign_in(ctx, accounts, name, password)
    return ""


def _sign_in(ctx: Context, accounts: dict[str, str], name: str, password: str) -> None:
    words = ctx.words
    store = shared_store(ctx.settings)
    throttle = Throttle(store)
    address = visitor_address(ctx.settings)
    try:
        wait = throttle.wait(name, address)
        if wait > 0:
            say("warning", words.t("Too many failed sign-ins: try again in {seconds} seconds.", seconds=f"{wait:.0f}"))
            return
        if not check_password(accounts, name, password):
            throttle.failed(name, address)
            log.warning("a failed moderator sign-in for %r", name[:40])
            say("error", words.t("That name and password do not match an account."))
            return
        throttle.succeeded(name, address)
        hours = ctx.settings.moderator_hours
        if hours:
            token = store.open_session(name.strip(), dt.timedelta(hours=hours))
            state.MODERATOR_TOKEN.set(token)
            state.COOKIE_SCRIPT.set(_cookie_script(token, int(hours * 3600)))
    except DATABASE_ERRORS as error:
        log.error("a sign-in could not be checked: %s: %s", type(error).__name__, error)
        say("error", words.t("Signing in is not possible right now: the database does not answer. Please try again in a minute."))
        return
    state.MODERATOR.set(name.strip())
    st.rerun()


def _oidc(secrets: dict, words: Words) -> str:
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


def sign_out(ctx: Context) -> None:
    """Ends the session in the database (the cookie is worth nothing after) and clears the cookie."""
    token = state.MODERATOR_TOKEN.pop()
    if token:
        try:
            shared_store(ctx.settings).close_session(token)
        except DATABASE_ERRORS as error:
            log.error("a moderator's session could not be closed: %s: %s", type(error).__name__, error)
    state.MODERATOR.set("")
    state.COOKIE_SCRIPT.set(_cookie_script("", 0))
    if "auth" in app_secrets():
        st.logout()


def _cookie_script(token: str, seconds: int) -> str:
    value = json.dumps(f"{COOKIE}={token}; Max-Age={seconds}; Path=/; SameSite=Strict")
    return f"<script>document.cookie = {value} + (location.protocol === 'https:' ? '; Secure' : '');</script>"


def _set_cookie() -> None:
    """The cookie is written by the browser itself: Streamlit's server sets none."""
    script = state.COOKIE_SCRIPT.pop()
    if script:
        st.html(script, unsafe_allow_javascript=True)

"""Your report: a reporter types (or follows a link with) the reference they were given, and reads where their
report is: waiting, on the map (with a link to its card), or not published and why. Nothing else of it is shown."""

from __future__ import annotations

import logging

import streamlit as st

from utils.live.store import DATABASE_ERRORS
from views.common import Context, say, shared_store

log = logging.getLogger(__name__)


def render(ctx: Context) -> None:
    words = ctx.words
    st.title(words.t("Your report"))
    asked = st.query_params.get("ref", "")[:20]
    code = st.text_input(words.t("Its reference"), value=asked, max_chars=20, placeholder="ABCD-EFGH").strip().upper()
    if not code:
        say("caption", words.t("The reference is the code of eight letters and digits you were given when you sent the report."))
        return
    if code != asked:
        st.query_params["ref"] = code  # the page's link is this report's
    try:
        found = shared_store(ctx.settings).status_of(code)
    except DATABASE_ERRORS as error:
        log.error("a report's status cannot be read: %s: %s", type(error).__name__, error)
        say("error", words.t("Reports cannot be looked up right now. Please try again in a minute."))
        return
    if found is None:
        say("warning", words.t("No report has the reference {reference}. Check it as you were given it, like ABCD-EFGH.", reference=code))
        return
    reference, sent = found["reference"], f"{found['created_at']:%Y-%m-%d}"
    if found["status"] == "pending":
        say("info", words.t("{reference}, sent on {day}, is waiting for a moderator to check it.", reference=reference, day=sent))
    elif found["status"] == "published":
        say("success", words.t("{reference}, sent on {day}, is on the map.", reference=reference, day=sent))
        st.link_button(words.t("See it on the map"), f"map?action={found['id']}&dates=all", type="primary")
    elif found["duplicate_of"]:
        say("warning", words.t("{reference} was not published: it repeats an action already on the map.", reference=reference))
        st.link_button(words.t("See that action"), f"map?action={found['duplicate_of']}&dates=all")
    else:
        say(
            "warning",
            words.t("{reference} was not published. The moderator's reason: {reason}", reference=reference, reason=found["reason"]),
        )

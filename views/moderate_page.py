"""Moderate: the queue of reports, for signed-in moderators only. A visitor sees a sign-in and nothing else.

Every button carries the report's id and the version the moderator saw (Streamlit keeps a callback's
arguments from the run that drew the button): a click acts on that report as it was shown, or, if it
has changed or left the queue since, does nothing and says who changed it, how and when. A double click
acts once, since the second click names a version that is gone.
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from utils.actions.load import load_actions
from utils.i18n import N_, Words
from utils.live.reports import field_label, one_row_csv
from utils.live.store import CELLS, DATABASE_ERRORS, Conflict, Refused
from utils.map.mapview import DragPin
from utils.places.countries import country_name
from utils.places.geocode import geocode_actions
from utils.view.fields import precision_word, protect_text, reason_word
from views import moderators, state
from views.common import Context, forget_old_contacts, say, shared_geocoder, shared_store, small_map

log = logging.getLogger(__name__)
EVENTS = {  # the audit log's events, as a sentence says them
    "reported": N_("{who} reported it at {when} UTC"),
    "edited": N_("{who} edited it at {when} UTC"),
    "approved": N_("{who} approved it at {when} UTC"),
    "rejected": N_("{who} rejected it at {when} UTC"),
    "imported": N_("{who} imported it at {when} UTC"),
}
CHANGED = N_("{who} changed it at {when} UTC")
NEXT = "\x00next"  # QUEUE_PICK after a decision: no report is open until the moderator opens the next
STATUS = {"pending": N_("waiting for a moderator"), "published": N_("on the map"), "rejected": N_("rejected")}


def render(ctx: Context) -> None:
    words = ctx.words
    st.title(words.t("Moderate"))
    who = moderators.signed_in(ctx)
    if not who:
        return
    store = shared_store(ctx.settings)
    forget_old_contacts(store, ctx.settings)  # a report decided N days ago keeps no contact (settings.contact_days)
    try:
        pending = store.rows(("pending",))
    except DATABASE_ERRORS as error:
        log.error("the queue cannot be read: %s: %s", type(error).__name__, error)
        say("error", words.t("The queue cannot be read right now: the database does not answer. Nothing was changed; reload in a minute."))
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        say(
            "caption",
            words.tn("Signed in as {who}. {n} report waiting.", "Signed in as {who}. {n} reports waiting.", len(pending), who=who),
        )
        if st.button(words.t("Sign out")):
            moderators.sign_out(ctx)
            st.rerun()
    ids = [row["id"] for row in pending]
    _changed_under_the_moderator(ctx, store, {row["id"]: row for row in pending})
    if state.QUEUE_PICK.get() not in ("", NEXT, *ids):  # the report open left the queue: no other opens in its place unasked
        state.QUEUE_PICK.set(NEXT)
    _say_outcomes(ctx, store, set(ids))
    if not pending:
        st.info(words.t("No report is waiting. New reports appear here as they come in."))
        return
    _several(ctx, pending, who)
    labels = {row["id"]: _label(row, words) for row in pending}
    if state.QUEUE_PICK.get() == NEXT:  # just decided: the next report opens when asked, so a double click decides nothing more
        st.button(words.t("Open the next report"), type="primary", on_click=state.QUEUE_PICK.set, args=(ids[0],))
        return
    picked = state.QUEUE_PICK.get() if state.QUEUE_PICK.get() in ids else ids[0]
    # no widget key: a label changed by an edit makes a new widget, which starts at the report picked, never the first
    chosen = st.selectbox(words.t("Report"), ids, index=ids.index(picked), format_func=labels.get)
    state.QUEUE_PICK.set(chosen)
    _report(ctx, next(row for row in pending if row["id"] == chosen), who)


def _label(row: dict, words: Words) -> str:
    where = row["city"] or row["place"] or row["country"] or words.t("no place")
    day = row["date"] or words.t("no date")
    who = row["organisations"] or words.t("no organisation")
    return f"{row['reference'] or row['id']} · {day} · {who[:50]} · {where[:40]}"


# --- what a click did, said on the next run ------------------------------------------


def _tell(kind: str, text: str, items: list[str] | None = None, action_id: str = "") -> None:
    state.OUTCOMES.set([*state.OUTCOMES.get(), (kind, text, items or [], action_id)])


def _say_outcomes(ctx: Context, store, pending: set[str]) -> None:
    """Each click's outcome; a report a stale click was about, shown as it now is when it has left the queue."""
    shown: set[str] = set()
    for kind, text, items, action_id in state.OUTCOMES.pop():
        say(kind, text, items)
        if action_id and action_id not in pending and action_id not in shown:
            shown.add(action_id)
            _as_it_is(ctx, store, action_id)


def _as_it_is(ctx: Context, store, action_id: str) -> None:
    words = ctx.words
    try:
        row = store.get(action_id)
    except DATABASE_ERRORS:
        return
    if row is None:
        return
    label = STATUS[row["status"]]
    status = words.t(label)
    st.caption(words.t("{reference} as it now is: {status}", reference=row["reference"] or action_id, status=status))
    cells = [(field_label(name, words), row[name]) for name in CELLS if row[name]]
    if row["reason"]:
        cells.append((words.t("Reason for rejecting"), row["reason"]))
    st.dataframe(pd.DataFrame(cells, columns=[words.t("Field"), words.t("Value")]), hide_index=True, width="stretch")


def _changed_under_the_moderator(ctx: Context, store, pending: dict[str, dict]) -> None:
    """The report this page showed was changed by someone else, or left the queue, before the moderator clicked
    anything that writes: said, with what they had typed on it, never silently replaced."""
    seen = state.QUEUE_SEEN.pop()
    if not seen:
        return
    action_id, version, cells = seen
    now = pending.get(action_id)
    if now is not None and now["version"] == version:
        return
    words = ctx.words
    typed = {name: state.widget_value(_field_key(name, action_id, version)) for name in CELLS}
    unsaved = _not_saved(
        [f"{_column(name, words)}: {value}" for name, value in typed.items() if value is not None and value != cells[name]], words
    )
    if now is not None and not unsaved:
        return  # edited by someone else while this page showed it, and nothing typed here: the new version shows
    try:
        change = store.last_change(action_id)
    except DATABASE_ERRORS:
        return
    happened = _happened(change, words)
    if now is None:
        _tell(
            "warning",
            words.t("{reference} left the queue: {happened}.", reference=cells.get("reference", action_id), happened=happened),
            unsaved,
            action_id,
        )
    else:
        _tell("warning", words.t("{happened}, after your page showed it: here it is as it now is.", happened=happened), unsaved)


def _not_saved(changes: list[str] | None, words: Words) -> list[str]:
    """What the moderator had typed and is not in the database ('City or town: Ulsan'), said so."""
    return [words.t("Your change, not saved: {change}", change=change) for change in changes or []]


def _happened(change: Conflict, words: Words) -> str:
    if not (change.who and change.at):
        return words.t("someone changed it")
    event = EVENTS.get(change.event, CHANGED)
    return words.t(event, who=change.who, when=f"{change.at:%H:%M:%S}")


def _changed_since(conflict: Conflict, words: Words) -> str:
    """A stale click, said: who changed the report, how and when, and that nothing was done."""
    return words.t("Nothing was done: {happened}, after your page showed it.", happened=_happened(conflict, words))


def _decided(ctx: Context, change, done: str, action_id: str) -> None:
    if _run(ctx, change, done, action_id):
        state.QUEUE_PICK.set(NEXT)


def _run(ctx: Context, change, done: str, action_id: str, unsaved: list[str] | None = None) -> bool:
    """One change to the database, its outcome told on the next run; never Streamlit's error page."""
    words = ctx.words
    state.QUEUE_SEEN.set(None)  # what this click did is said below; the page's own change is no one else's
    try:
        change()
    except Conflict as conflict:
        _tell("warning", _changed_since(conflict, words), _not_saved(unsaved, words), action_id)
        return False
    except Refused as refused:
        _tell(
            "error",
            words.t("Not saved:"),
            [f"{_column(problem.column, words)}: {words.say(problem.message)}" for problem in refused.problems],
        )
        return False
    except KeyError:
        _tell("warning", words.t("Nothing was done: this report is no longer in the database."), [], "")
        return False
    except DATABASE_ERRORS as error:
        log.error("a moderator's change could not be written: %s: %s", type(error).__name__, error)
        _tell(
            "error",
            words.t("Nothing was changed: the database cannot be written right now. Please try again in a minute."),
            _not_saved(unsaved, words),
        )
        return False
    _tell("success", done)
    return True


def _column(name: str | None, words: Words) -> str:
    return field_label(name, words) if name else ""


# --- one report ------------------------------------------------------------------------


def _field_key(name: str, action_id: str, version: int) -> str:
    return f"edit_{name}_{action_id}_{version}"  # a saved change gives fresh widgets with the new values


def _report(ctx: Context, row: dict, who: str) -> None:
    action_id, version = row["id"], row["version"]
    words = ctx.words
    st.subheader(words.t("The report"))
    say(
        "caption",
        words.t(
            "Reported {when} UTC; contact: {contact} (never shown publicly).",
            when=f"{row['created_at']:%Y-%m-%d %H:%M}",
            contact=row["contact"] or words.t("none given"),
        ),
    )
    seen = {name: row[name] for name in CELLS}
    state.QUEUE_SEEN.set((action_id, version, {**seen, "reference": row["reference"] or action_id}))
    changed = False
    for index, name in enumerate(CELLS):
        if index % 2 == 0:  # a row of two per pair: on a phone they stack in the form's own order
            pair = st.columns(2)
        label = _column(name, words)
        key = _field_key(name, action_id, version)
        if name == "description":
            value = st.text_area(label, row[name], key=key, height=120)
        elif name == "protect":  # a moderator's tick: the choices a protection has, in words
            choices = list(dict.fromkeys([*PROTECT_CHOICES, row[name]]))
            value = pair[index % 2].selectbox(
                label, choices, index=choices.index(row[name]), key=key, format_func=lambda cell: protect_choice(cell, words)
            )
        else:
            value = pair[index % 2].text_input(label, row[name], key=key)
        changed = changed or value != row[name]
    st.button(
        words.t("Save changes"),
        disabled=not changed,
        key=f"save_{action_id}_{version}",
        on_click=_save,
        args=(ctx, action_id, version, seen, who),
    )
    _photos(ctx, row, who)
    _place(ctx, row, who)
    _decide(ctx, row, who)
    with st.expander(words.t("Who changed what")):
        try:
            st.dataframe(shared_store(ctx.settings).audit(action_id), hide_index=True, width="stretch")
        except DATABASE_ERRORS:
            say("caption", words.t("The log cannot be read right now."))


def _photos(ctx: Context, row: dict, who: str) -> None:
    """The report's photos as kept (their metadata already gone), with what they show and who took them (its cells,
    edited above), each with a button to take it away: published with the report unless removed, never for a protected one."""
    words, store = ctx.words, shared_store(ctx.settings)
    try:
        photos = store.photos(row["id"])
    except DATABASE_ERRORS:
        say("caption", words.t("The photos cannot be read right now."))
        return
    if not photos:
        return
    how_many = words.tn("{n} photo", "{n} photos", len(photos))
    st.markdown(f"**{how_many}**")
    alt, credit = row.get("photo_alt", ""), row.get("photo_credit", "")
    said = " · ".join(part for part in (alt, credit and words.t("by {who}", who=credit)) if part)
    if said:
        say("caption", said)
    columns = st.columns(min(len(photos), 4))
    for column, photo in zip(columns, photos, strict=False):
        with column:
            st.image(store.photo_data(photo["digest"], published_only=False), width="stretch")
            st.button(
                words.t("Remove this photo"),
                key=f"remove_photo_{photo['id']}",
                on_click=_remove_photo,
                args=(ctx, photo["id"], who),
            )


def _remove_photo(ctx: Context, photo_id: int, who: str) -> None:
    try:
        shared_store(ctx.settings).remove_photo(photo_id, who)
    except DATABASE_ERRORS as error:
        log.error("a photo could not be removed: %s: %s", type(error).__name__, error)
        _tell("error", ctx.words.t("Nothing was changed: the database cannot be written right now. Please try again in a minute."))
        return
    _tell("success", ctx.words.t("The photo was removed."))


PROTECT_CHOICES = ("", "city", "country", "city named", "country named")


def protect_choice(cell: str, words: Words) -> str:
    """A protection as a moderator chooses it ('Shown no finer than its city, its names withheld')."""
    if not cell:
        return words.t("Not protected: shown as precisely as known")
    return protect_text(pd.DataFrame({"protect": [cell]}), words).iloc[0]


def _save(ctx: Context, action_id: str, version: int, seen: dict[str, str], who: str) -> None:
    words = ctx.words
    typed = {name: str(state.widget_value(_field_key(name, action_id, version), seen[name])) for name in CELLS}
    changes = {name: value for name, value in typed.items() if value != seen[name]}
    if not changes:
        return
    unsaved = [f"{_column(name, words)}: {value}" for name, value in changes.items()]
    store = shared_store(ctx.settings)
    _run(ctx, lambda: store.edit(action_id, changes, who, version), words.t("Saved."), action_id, unsaved)


def _place(ctx: Context, row: dict, who: str) -> None:
    """Where the map would put it; fix it by finding a place by name, dragging the pin, or clicking the map."""
    words = ctx.words
    action_id, version = row["id"], row["version"]
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
    asked = st.text_input(
        words.t("Find a place by name"),
        value=row["city"],
        max_chars=100,
        key=f"find_place_{action_id}_{version}",
        help=words.t("A city or town in any language or script; the places of that name are offered, largest first."),
    ).strip()
    code = str(action["country_code"] or "")
    candidates = _places_named(gazetteer, asked, code) if gazetteer and asked else []
    if candidates:
        matches = {f"{match.lat:.5f},{match.lon:.5f}": match for match in candidates}
        chosen = st.selectbox(
            words.t("Places named {name}", name=asked[:40]),
            ["", *matches],
            format_func=lambda k: matches[k].label if k in matches else words.t("choose one…"),
            key=f"candidate_{action_id}_{version}_{asked}",
        )
        if chosen:
            lat, lon = chosen.split(",")
            match = matches[chosen]  # the report then names the place it is put at
            place = {"city": match.name, "country": country_name(match.country) if match.country else ""}
            st.button(
                words.t("Put it there"),
                key=f"there_{action_id}_{version}",
                on_click=_put,
                args=(ctx, action_id, version, lat, lon, who, place),
            )
    elif asked and gazetteer:
        say("caption", words.t("No city or town of that name is known to the offline gazetteer: drag the pin on the map instead."))
    fixing = small_map(ctx, placed)
    at = (float(action["lat"]), float(action["lon"])) if pd.notna(action["lat"]) else _somewhere(gazetteer, code)
    fixing.add_child(DragPin(at, words.t("Drag me where it was")))
    say("caption", words.t("Drag the red pin where the action was, or click the map there; zoom in to see the towns and the embassies."))
    clicked = st_folium(
        fixing, height=380, use_container_width=True, returned_objects=["last_clicked"], key=f"fix_map_{action_id}_{version}"
    )
    spot = (clicked or {}).get("last_clicked")
    if spot:
        lat, lon = round(spot["lat"], 5), round(((spot["lng"] + 180) % 360) - 180, 5)
        st.button(
            words.t("Put it where the pin is ({lat}, {lon})", lat=lat, lon=lon),
            key=f"spot_{action_id}_{version}",
            on_click=_put,
            args=(ctx, action_id, version, str(lat), str(lon), who),
            type="primary",
        )


def _places_named(gazetteer, name: str, code: str) -> list:
    """The places a name may mean, those of the report's country first, then elsewhere: one list, no repeats."""
    seen, found = set(), []
    for match in [*(gazetteer.candidates(name, code) if code else []), *gazetteer.candidates(name)]:
        if match.label not in seen:
            seen.add(match.label)
            found.append(match)
    return found[:10]


def _somewhere(gazetteer, code: str) -> tuple[float, float]:
    """Where the pin starts for a report with no place: its country's middle, else the map's."""
    country = gazetteer.country(code) if gazetteer and code else None
    return (country.lat, country.lon) if country else (20.0, 0.0)


def _put(ctx: Context, action_id: str, version: int, lat: str, lon: str, who: str, place: dict | None = None) -> None:
    store = shared_store(ctx.settings)
    words = ctx.words
    changes = {"lat": lat, "lon": lon, **(place or {})}
    _run(ctx, lambda: store.edit(action_id, changes, who, version), words.t("Placed."), action_id, [f"{lat}, {lon}"])


def _decide(ctx: Context, row: dict, who: str) -> None:
    words = ctx.words
    action_id, version = row["id"], row["version"]
    st.subheader(words.t("Publish or reject"))
    try:
        duplicates = shared_store(ctx.settings).duplicates(action_id)
    except DATABASE_ERRORS:
        duplicates = []
    if duplicates:
        say(
            "warning",
            words.t("This may repeat an action already in the data (same organisation, day and city):"),
            [_label(other, words) for other in duplicates],
        )
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        st.button(
            words.t("Approve: show it on the map"),
            type="primary",
            key=f"approve_{action_id}_{version}",
            on_click=_approve,
            args=(ctx, ((action_id, version),), who),
        )
        reason = st.text_input(
            words.t("Reason for rejecting (the reporter sees it with their reference)"),
            max_chars=300,
            key=f"reason_{action_id}_{version}",
            placeholder=words.t("not an action, spam, …"),
        )
        st.button(
            words.t("Reject"),
            disabled=not reason.strip(),
            key=f"reject_{action_id}_{version}",
            on_click=_reject,
            args=(ctx, ((action_id, version),), who, f"reason_{action_id}_{version}"),
        )
        if duplicates:
            other = duplicates[0]["id"]
            st.button(
                words.t("Reject as a duplicate of {other}", other=other[:40]),
                key=f"duplicate_{action_id}_{version}",
                on_click=_reject,
                args=(ctx, ((action_id, version),), who, "", other),
            )


def _approve(ctx: Context, seen: tuple[tuple[str, int], ...], who: str) -> None:
    store = shared_store(ctx.settings)
    words = ctx.words
    for action_id, version in seen:
        _decided(ctx, lambda a=action_id, v=version: store.approve(a, who, v), words.t("Approved: it is on the map."), action_id)


def _reject(ctx: Context, seen: tuple[tuple[str, int], ...], who: str, reason_key: str, duplicate_of: str = "") -> None:
    store = shared_store(ctx.settings)
    words = ctx.words
    reason = f"duplicate of {duplicate_of}" if duplicate_of else str(state.widget_value(reason_key, "")).strip()
    if not reason:
        _tell("warning", words.t("Nothing was done: a rejection needs a reason."))
        return
    for action_id, version in seen:
        _decided(ctx, lambda a=action_id, v=version: store.reject(a, who, v, reason, duplicate_of), words.t("Rejected."), action_id)


# --- several at once -------------------------------------------------------------------


def _several(ctx: Context, pending: list[dict], who: str) -> None:
    """The queue as a table: tick several, approve or reject them at once (each as the version shown)."""
    words = ctx.words
    if not st.toggle(words.t("Several at once"), key="queue_several"):
        return
    with st.container(border=True):
        table = pd.DataFrame(
            {
                words.t("Reference"): [row["reference"] or row["id"] for row in pending],
                **{field_label(name, words): [row[name] for row in pending] for name in ("date", "organisations", "city", "country")},
            }
        )
        queue_key = "queue_table_" + "_".join(f"{row['id']}.{row['version']}" for row in pending)[-200:]
        picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="multi-row", key=queue_key)
        rows = [pending[number] for number in picked.selection.rows if number < len(pending)]
        seen = tuple((row["id"], row["version"]) for row in rows)
        with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
            st.button(
                words.tn("Approve the {n} ticked", "Approve the {n} ticked", len(seen)),
                disabled=not seen,
                key=f"approve_ticked_{queue_key}",
                on_click=_approve,
                args=(ctx, seen, who),
            )
            reason = st.text_input(words.t("Reason for rejecting them"), max_chars=300, key=f"reason_ticked_{queue_key}")
            st.button(
                words.tn("Reject the {n} ticked", "Reject the {n} ticked", len(seen)),
                disabled=not seen or not reason.strip(),
                key=f"reject_ticked_{queue_key}",
                on_click=_reject,
                args=(ctx, seen, who, f"reason_ticked_{queue_key}"),
            )

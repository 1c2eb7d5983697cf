"""From a report to rows, on the Data page: paste or load a campaign's report, review the draft rows beside
the sentences they came from, correct them, and accept the right ones (a CSV, or the moderators' queue)."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from utils.actions.load import decode
from utils.actions.schema import COLUMN_NAMES, LABELS, column_label
from utils.escape import escape_text
from utils.extract.drafts import DRAFT_COLUMNS, Extractor, sentences
from utils.i18n import N_
from utils.live.store import DATABASE_ERRORS, Refused
from utils.publish.sheets import csv_bytes
from utils.view.fields import kind_word
from views import moderators, state
from views.common import Context, report_refusal, report_senders, say, shared_geocoder, shared_store

log = logging.getLogger(__name__)
# the languages a report may be written in (what utils/extract/drafts.py reads), named in the interface's language
LANGUAGES = {"en": N_("English"), "fr": N_("French"), "es": N_("Spanish"), "de": N_("German"), "pt": N_("Portuguese"), "it": N_("Italian")}
MOST_CHARACTERS = 60_000


def render(ctx: Context) -> None:
    words = ctx.words
    st.subheader(words.t("From a report to rows"))
    say(
        "caption",
        words.t(
            "Paste a union's e-mail, a news item or a campaign's round-up: each action it describes becomes a draft row, "
            "beside the sentences it came from. Correct them and tick the right ones; nothing joins the data until you accept it."
        ),
    )
    text = st.text_area(words.t("The report's text"), height=180, max_chars=MOST_CHARACTERS, key="reader_text")
    left, middle, right = st.columns(3)
    upload = left.file_uploader(words.t("or a text file"), type=["txt", "md"], key="reader_file")
    as_of = middle.date_input(words.t("Written on (gives the year)"), value=dt.date.today(), format="YYYY-MM-DD", key="reader_as_of")
    language = right.selectbox(
        words.t("Its language"), list(LANGUAGES), format_func=lambda code: words.t(LANGUAGES[code]), key="reader_language"
    )
    if upload is not None:
        decoded, _, _ = decode(upload.getvalue()[: MOST_CHARACTERS * 4])
        text = decoded[:MOST_CHARACTERS]
    if st.button(words.t("Read the report"), disabled=not text.strip()):
        extractor = Extractor(gazetteer=shared_geocoder(ctx.settings).gazetteer)
        source = upload.name if upload is not None else "pasted report"
        reading = extractor.read(text, as_of, language, source=source, seconds=ctx.settings.reader_seconds)
        state.READER_DRAFTS.set([draft.row() for draft in reading.drafts])
        state.READER_TEXT.set(text)
        state.READER_UNREAD.set(reading.unread)
    if state.READER_UNREAD.get():
        say(
            "warning",
            words.tn(
                "The last sentence was not read in the time one reading may take: paste it again on its own.",
                "The last {n} sentences were not read in the time one reading may take: paste them again on their own.",
                state.READER_UNREAD.get(),
            ),
        )
    rows = state.READER_DRAFTS.get()
    if rows is None:
        return
    if not rows:
        say("info", words.t("No action found in this text: no sentence says who did what, where or when."))
        return
    _review(ctx, rows, state.READER_TEXT.get())


def _review(ctx: Context, rows: list[dict], text: str) -> None:
    words = ctx.words
    table = pd.DataFrame(rows, columns=list(DRAFT_COLUMNS)).assign(accept=False)
    say(
        "caption",
        words.tn(
            "{n} draft row: correct any cell, then tick Accept for each right one.",
            "{n} draft rows: correct any cell, then tick Accept for each right one.",
            len(table),
        ),
    )
    edited = st.data_editor(
        table,
        column_order=["accept", *[name for name in DRAFT_COLUMNS if name != "evidence"], "evidence"],
        disabled=["evidence", "confidence", "notes"],
        hide_index=True,
        width="stretch",
        key=f"reader_editor_{hash(tuple(row['evidence'] for row in rows))}",
        column_config={
            **{name: column_label(name, words) for name in DRAFT_COLUMNS if name in LABELS},
            "accept": st.column_config.CheckboxColumn(words.t("Accept"), help=words.t("Tick the rows that are right")),
            "evidence": st.column_config.TextColumn(
                words.t("Evidence"), help=words.t("The sentences the row was read from"), width="large"
            ),
            "confidence": st.column_config.NumberColumn(words.t("Confidence"), help=words.t("How much of the row the text gave (0 to 1)")),
            "notes": st.column_config.TextColumn(words.t("What it could not read"), width="medium"),
        },
    )
    number = st.selectbox(
        words.t("Show the sentences of row"),
        list(range(len(rows))),
        format_func=lambda i: f"{i + 1}: {kind_word(rows[i]['action_kind'], words)} {rows[i]['date']}",
    )
    st.html(highlighted(text, rows[number]["evidence"]))
    accepted = edited[edited["accept"]]
    cells = accepted[[name for name in COLUMN_NAMES if name in accepted.columns]]
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            words.tn("⬇ The {n} accepted row (CSV)", "⬇ The {n} accepted rows (CSV)", len(accepted)),
            csv_bytes(cells),
            "accepted-actions.csv",
            "text/csv",
            disabled=accepted.empty,
            help=words.t("In the columns of an actions file: load it here, or add it to yours"),
        )
        if may_send_to_queue(ctx) and st.button(words.t("Send them to the moderators' queue"), disabled=accepted.empty):
            _to_queue(ctx, cells)


def highlighted(text: str, evidence: str) -> str:
    """The report's sentences as plain text, those a draft came from marked: escaped, never the report's own HTML."""
    parts = []
    for sentence in sentences(text):
        safe = escape_text(sentence)
        parts.append(f"<mark>{safe}</mark>" if sentence in evidence else safe)
    return '<div class="sm-reader" style="font-size:15px;line-height:1.5;max-height:260px;overflow:auto">' + " ".join(parts) + "</div>"


def may_send_to_queue(ctx: Context) -> bool:
    """The queue takes rows from here on a site with a database; on a public site only from a signed-in moderator."""
    return ctx.settings.uses_database and (not ctx.settings.public or bool(moderators.current(ctx)))


def _to_queue(ctx: Context, cells: pd.DataFrame) -> None:
    """One way into the queue: the form's limits, a batch counted as its rows (a signed-in moderator is not limited)."""
    words = ctx.words
    rows = cells.to_dict("records")
    moderator = moderators.current(ctx)
    senders = report_senders(ctx.settings)
    sent, refused = [], []
    try:
        store = shared_store(ctx.settings)
        refusal = "" if moderator else report_refusal(store, senders, words, adding=len(rows))
        if refusal:
            say("warning", refusal)
            return
        for number, row in enumerate(rows, start=1):
            try:
                sent.append(store.submit({name: str(value or "") for name, value in row.items()}, sender=senders))
            except Refused as problem:
                refused.append(words.t("row {number}: {problem}", number=number, problem=problem))
    except DATABASE_ERRORS as error:
        log.error("rows could not be sent to the queue: %s: %s", type(error).__name__, error)
        say("error", words.t("Nothing more was sent: the queue cannot be written right now. Please try again in a minute."))
    if sent:
        say(
            "success",
            words.tn(
                "{n} row sent to the moderators' queue: {references}",
                "{n} rows sent to the moderators' queue: {references}",
                len(sent),
                references=", ".join(sent),
            ),  # fmt: skip
        )
    if refused:
        say("error", words.t("Not sent (correct them and send again):"), refused)

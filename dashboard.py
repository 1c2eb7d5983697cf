"""Solidarity Map: `streamlit run dashboard.py`.

Page config, navigation and the shared filter sidebar; each page is in views/ (not pages/: a pages/ folder beside the entry script makes Streamlit answer "Page not found" to every deep link, even with st.navigation).
"""

import logging

import streamlit as st

st.set_page_config(
    page_title="Solidarity Map", page_icon="✊", layout="wide", menu_items={"About": "Solidarity Map: actions of solidarity, on a map."}
)

from utils.errors import ConfigError  # noqa: E402
from utils.map.templates import template_text  # noqa: E402
from views import data_page, map_page, moderate_page, report_page, status_page, story_page  # noqa: E402
from views.common import app_settings, chosen_words, close_what_visitors_should_not_reach, context  # noqa: E402

logging.basicConfig(level=logging.INFO)

try:
    settings = app_settings()
except ConfigError as error:
    st.error(f"A setting is wrong, so the app cannot start: {error}")
    st.stop()
close_what_visitors_should_not_reach(settings)

words = chosen_words()
# the tab's title and the menu's About in the visitor's language, once it is known (the calls add up)
st.set_page_config(page_title=words.t("Solidarity Map"), menu_items={"About": words.t("Solidarity Map: actions of solidarity, on a map.")})
ctx = context(settings, words)


def show_map() -> None:
    map_page.render(ctx)


def show_data() -> None:
    data_page.render(ctx)


def show_story() -> None:
    story_page.render(ctx)


def show_report() -> None:
    report_page.render(ctx)


def show_moderate() -> None:
    moderate_page.render(ctx)


def show_status() -> None:
    status_page.render(ctx)


pages = [
    st.Page(show_map, title=words.t("Map"), icon=":material/map:", url_path="home", default=True),
    st.Page(show_data, title=words.t("Data"), icon=":material/table_chart:", url_path="data"),
    st.Page(show_story, title=words.t("Presentation"), icon=":material/slideshow:", url_path="story"),
]
if settings.uses_database:  # a CSV named by SOLIDARITY_MAP_DATA is shown read-only: no reports, no queue
    pages += [
        st.Page(show_report, title=words.t("Report an action"), icon=":material/add_location_alt:", url_path="report"),
        st.Page(show_status, title=words.t("Your report"), icon=":material/pending_actions:", url_path="status"),
        st.Page(show_moderate, title=words.t("Moderate"), icon=":material/fact_check:", url_path="moderate"),
    ]
# The default page lives at "/"; a link to /map (typed, or shared from one) opens it too, rather than Streamlit's "Page not found"
map_link = st.Page(show_map, title=words.t("Map"), icon=":material/map:", url_path="map", visibility="hidden")
current = st.navigation([*pages, map_link], position="top")
# On a phone Streamlit folds the page links behind an icon: a row of them keeps every page one tap away.
st.html("<style>" + template_text("phone_nav.css") + "</style>")
# One row, under the phone's header: the public's pages, "Report" short; a reporter's status and the moderators' page from the menu.
PHONE_LABELS = {"report": words.t("Report")}
with st.container(horizontal=True, gap="small", key="sm-phone-nav"):
    for page in pages:
        if page.url_path not in (current.url_path, "moderate", "status"):
            st.page_link(page, label=PHONE_LABELS.get(page.url_path, page.title), icon=page.icon)
current.run()

"""Solidarity Map: `streamlit run dashboard.py`.

Page config, navigation and the shared filter sidebar; each page is in pages/.
"""

import logging

import streamlit as st

st.set_page_config(
    page_title="Solidarity Map", page_icon="✊", layout="wide", menu_items={"About": "Solidarity Map: actions of solidarity, on a map."}
)

from pages import map_page  # noqa: E402
from pages.common import app_settings, context  # noqa: E402
from utils.errors import ConfigError  # noqa: E402

logging.basicConfig(level=logging.INFO)

try:
    settings = app_settings()
except ConfigError as error:
    st.error(f"A setting is wrong, so the app cannot start: {error}")
    st.stop()

ctx = context(settings)


def show_map() -> None:
    map_page.render(ctx)


pages = [st.Page(show_map, title="Map", icon="🗺️", url_path="map", default=True)]
st.navigation(pages, position="sidebar" if len(pages) > 1 else "hidden").run()

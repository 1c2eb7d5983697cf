"""The floor for bench_sessions.py: the same placed actions drawn as a tutorial would, with folium and st_folium
and nothing else (no filters, no timeline, no story, no languages). Its server CPU per first visit is what
Streamlit, folium and streamlit-folium cost on their own; the dashboard's is compared with it.

Run by bench/bench_sessions.py: `streamlit run bench/bare_page.py` with SOLIDARITY_MAP_BARE_CSV naming a CSV of the
placed actions (id, action_kind, organisations, city, lat, lon)."""

import os

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(page_title="Solidarity actions", layout="wide")


@st.cache_data
def placed_actions(path: str) -> pd.DataFrame:
    return pd.read_csv(path).dropna(subset=["lat", "lon"])


actions = placed_actions(os.environ["SOLIDARITY_MAP_BARE_CSV"])
st.title("Solidarity actions")
st.write(f"{len(actions)} actions on the map")
world = folium.Map(location=[20, 0], zoom_start=2)  # the bench's browser fetches no tiles; Leaflet from the app's own files
world.default_js = [("leaflet", "/app/static/vendor/leaflet.js")]
world.default_css = [("leaflet_css", "/app/static/vendor/leaflet.css")]
for action in actions.itertuples():
    folium.CircleMarker([action.lat, action.lon], radius=9, fill=True, tooltip=f"{action.action_kind}: {action.organisations}").add_to(
        world
    )  # a tooltip, not a popup: folium's popups need jQuery from a CDN
st_folium(world, height=560, use_container_width=True)

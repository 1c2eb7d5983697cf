"""Solidarity Map's logic: pure functions that know nothing of Streamlit."""

"""Placed actions -> a folium map and its layers (pure), the map's own files, its templates as files."""

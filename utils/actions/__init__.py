"""The actions of a file: the schema (columns, kinds: one place), reading files (CSV, sheets, GeoJSON, KML),
the checks, dates, the column mapping, the campaign a file belongs to."""

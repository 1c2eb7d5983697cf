"""What leaves the app: spreadsheet-safe CSV, GeoJSON of the placed actions, the offline story."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd

from utils.load import Problem

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell a spreadsheet will show as text, never run: '=HYPERLINK(..)' -> "'=HYPERLINK(..)"."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel reads accents right), every text cell neutralised."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    for column in safe.select_dtypes(include="datetime").columns:
        safe[column] = safe[column].dt.strftime("%Y-%m-%d")
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(table: pd.DataFrame, path: Path) -> None:
    Path(path).write_bytes(csv_bytes(table))


# Columns an analyst gets, in this order; the extra columns of their own file follow.
EXPORT_COLUMNS = (
    "id",
    "date",
    "date_end",
    "action_kind",
    "organisations",
    "place",
    "city",
    "region",
    "country",
    "country_code",
    "participants",
    "participants_text",
    "target",
    "description",
    "source",
    "lat",
    "lon",
    "precision",
    "geo_source",
    "geo_label",
    "geo_note",
    "unplaced_reason",
    "row",
)


def view_table(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions as an analyst downloads them: our columns first, then the file's own extras."""
    ours = [name for name in EXPORT_COLUMNS if name in actions.columns]
    return actions[ours + [name for name in actions.columns if name not in ours]]


def _plain(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def geojson(actions: pd.DataFrame) -> dict:
    """The placed actions as an RFC 7946 FeatureCollection: WGS 84, longitude first, no 'crs'."""
    table = view_table(actions)
    placed = table[table["lat"].notna() & table["lon"].notna()]
    features = []
    for action in placed.to_dict("records"):
        coordinates = [round(float(action.pop("lon")), 6), round(float(action.pop("lat")), 6)]
        properties = {name: _plain(value) for name, value in action.items()}
        features.append(
            {
                "type": "Feature",
                "id": str(action.get("id", "")),
                "geometry": {"type": "Point", "coordinates": coordinates},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(actions: pd.DataFrame) -> bytes:
    return json.dumps(geojson(actions), ensure_ascii=False, indent=1).encode("utf-8")


def problems_table(problems: list[Problem] | tuple[Problem, ...]) -> pd.DataFrame:
    rows = [
        {
            "row": problem.row,
            "column": problem.column or "",
            "value": problem.value,
            "problem": problem.message,
            "kept": problem.severity != "error",
        }
        for problem in problems
    ]
    return pd.DataFrame(rows, columns=["row", "column", "value", "problem", "kept"])

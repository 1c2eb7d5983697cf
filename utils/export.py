"""What leaves the app: spreadsheet-safe CSV, GeoJSON of the placed actions, the offline story."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

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

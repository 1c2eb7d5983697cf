"""Spreadsheet-safe CSV: what the app and the commands write, so that no spreadsheet runs a cell as a formula."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from utils.escape import safe_cell


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel reads accents right), every text cell and every header neutralised."""
    safe = table.copy()
    safe.columns = [safe_cell(str(name)) for name in safe.columns]
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

"""Proposing how a file's columns map to ours, from their names: 'City' -> city, 'Average' -> participants."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from utils.actions import schema
from utils.actions.formats import read_table
from utils.actions.load import decode, read_records, sniff_delimiter
from utils.view.fields import column_named

# Words in a header that suggest a column, best first within each column.
HINTS: dict[str, tuple[str, ...]] = {
    "participants": ("participants", "average", "mean", "total", "count", "attendance", "people", "crowd", "estimate", "number", "size"),
    "date": ("date", "day", "when"),
    "organisations": ("organisation", "organization", "union", "group", "org"),
    "place": ("place", "venue", "location", "address"),
    "city": ("city", "town", "municipality"),
    "region": ("state", "province", "region", "county"),
    "country": ("country", "nation"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lng", "lon"),
    "action_kind": ("kind", "type", "action"),
    "description": ("description", "summary", "notes", "details"),
    "source": ("source", "url", "link"),
    "target": ("target", "addressee"),
    "id": ("id",),
}


def read_headers(raw: bytes, sheet: str | None = None) -> tuple[list[str], list[str]]:
    """The header row of a file and its first data row (for showing a sample), as the loader reads them; a
    workbook's, GeoJSON's or KML's as utils.actions.formats reads them (UnreadableFile when it cannot)."""
    table = read_table(raw, sheet)
    if table is not None:
        sample = table.rows[0] if table.rows else []
        return [header.strip() for header in table.headers], sample + [""] * (len(table.headers) - len(sample))
    text, _, _ = decode(raw[:200_000])
    records, _ = read_records(text.replace("\x00", ""), sniff_delimiter(text), 2)
    headers = records[0] if records else []
    sample = records[1] if len(records) > 1 else []
    return [header.strip().replace("\ufeff", "") for header in headers], sample + [""] * (len(headers) - len(sample))


def propose_mapping(headers: list[str]) -> dict[str, str]:
    """Header -> schema column ('' to keep the column as it is). Each schema column is used once."""
    proposal = {header: "" for header in headers}
    taken: set[str] = set()
    exact = [header for header in headers if schema.normalise_name(header) in schema.COLUMN_NAMES]
    for header in exact + [header for header in headers if header not in exact]:  # our own names first, then aliases
        column = column_named(header)
        if column and column not in taken:
            proposal[header] = column
            taken.add(column)
    for column, words in HINTS.items():
        if column in taken:
            continue
        best = _best_header(headers, proposal, words)
        if best is not None:
            proposal[best] = column
            taken.add(column)
    return proposal


def _best_header(headers: list[str], proposal: dict[str, str], words: tuple[str, ...]) -> str | None:
    for word in words:
        for header in headers:
            key = schema.normalise_name(header)
            if not proposal[header] and word in key.split("_"):
                return header
    return None


# --- one mapping for the page and the commands ------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """How a file's columns feed ours: header -> schema column ('' keeps it as it is), values for every row, the
    file's own words for its actions read as kinds ('chahut' -> protest), and the sheet of a workbook."""

    columns: dict[str, str] = field(default_factory=dict)
    every_row: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    sheet: str = ""

    def to_json(self) -> str:
        data = {"columns": self.columns, "every_row": self.every_row, "kinds": self.kinds, "sheet": self.sheet}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """A saved mapping; a wrong one raises ValueError saying what is wrong."""
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValueError(f"not JSON ({error})") from None
        if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict) or not isinstance(data.get("every_row", {}), dict):
            raise ValueError('expected {"columns": {"header": "column"}, "every_row": {"column": "value"}}')
        columns = {str(header): str(column or "") for header, column in data.get("columns", {}).items()}
        every_row = {str(column): str(value) for column, value in data.get("every_row", {}).items()}
        for column in [*columns.values(), *every_row]:
            if column and column not in schema.COLUMN_NAMES:
                raise ValueError(f"{column!r} is not one of our columns ({', '.join(schema.COLUMN_NAMES)})")
        kinds = data.get("kinds", {})
        if not isinstance(kinds, dict) or any(kind not in schema.ACTION_KINDS for kind in kinds.values()):
            raise ValueError(f'expected "kinds": {{"the file\'s word": "kind"}}, each kind one of {", ".join(schema.ACTION_KINDS)}')
        return cls(columns, every_row, {str(word): kind for word, kind in kinds.items()}, str(data.get("sheet") or ""))


def mapping_beside(path: Path) -> Path:
    """Where a file's mapping is saved and found again: 'marches.csv' -> 'marches.csv.mapping.json'."""
    return path.with_name(path.name + ".mapping.json")


def mapping_from_arguments(
    headers: list[str],
    maps: list[str],
    every: list[str],
    base: ColumnMapping | None = None,
    kinds: list[str] = (),
    sheet: str | None = None,
) -> ColumnMapping:
    """The page's proposal (or `base`), changed by '--map city=lieu', '--every country=FR', '--kind chahut=protest' and
    '--sheet NAME'; ValueError when one is wrong."""
    columns = dict(base.columns) if base else propose_mapping(headers)
    every_row = dict(base.every_row) if base else {}
    chosen = dict(base.kinds) if base else {}
    for item in kinds:
        word, _, kind = item.rpartition("=")
        if not word.strip() or schema.canonical_kind(kind) is None:
            raise ValueError(
                f"--kind {item!r}: expected VALUE=KIND, such as chahut=protest, the kind one of {', '.join(schema.ACTION_KINDS)}"
            )
        chosen[word.strip()] = schema.canonical_kind(kind)
    by_key = {schema.normalise_name(header): header for header in headers}
    for item in maps:
        column, _, header = item.partition("=")
        column, header = column.strip(), header.strip()
        if column not in schema.COLUMN_NAMES:
            raise ValueError(f"--map {item!r}: {column!r} is not one of our columns ({', '.join(schema.COLUMN_NAMES)})")
        found = header if header in columns else by_key.get(schema.normalise_name(header))
        if found is None:
            raise ValueError(f"--map {item!r}: the file has no column {header!r} (it has {', '.join(headers)})")
        for other, mapped in columns.items():
            if mapped == column:
                columns[other] = ""  # each of our columns is fed by one of the file's
        columns[found] = column
    for item in every:
        column, _, value = item.partition("=")
        if column.strip() not in schema.COLUMN_NAMES or not value.strip():
            raise ValueError(f"--every {item!r}: expected COLUMN=VALUE, such as date=2017-01-21 or country=FR")
        every_row[column.strip()] = value.strip()
    return ColumnMapping(columns, every_row, chosen, sheet if sheet is not None else (base.sheet if base else ""))


def unknown_kinds(raw: bytes, header: str, sheet: str | None = None, most: int = 12) -> list[tuple[str, int]]:
    """The file's words in its kind column that name none of our kinds, most used first, with how many rows use
    each: what a person maps to kinds ('chahut' -> protest) before loading."""
    from collections import Counter

    from utils.actions.load import file_cells

    headers, rows, _ = file_cells(raw, sheet=sheet)
    stripped = [name.strip() for name in headers]
    if header not in stripped:
        return []
    at = stripped.index(header)
    words = Counter(row[at].strip() for row in rows if at < len(row) and row[at].strip())
    return [(word, count) for word, count in words.most_common() if schema.canonical_kind(word) is None][:most]

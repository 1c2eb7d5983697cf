"""Proposing how a file's columns map to ours, from their names: 'City' -> city, 'Average' -> participants."""

from __future__ import annotations

from utils import schema
from utils.load import decode, read_records, sniff_delimiter

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


def read_headers(raw: bytes) -> tuple[list[str], list[str]]:
    """The header row of a CSV and its first data row (for showing a sample), as the loader reads them."""
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
        column = schema.canonical_column(header)
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

"""CSV bytes -> (actions, problems); never drops a row silently.

Every row of the file ends up either in `actions` (maybe with a warning) or in
`rejected` with at least one error naming its row, column, value and what was
expected: rows in the file = accepted + rejected, always.

Run `python -m utils load FILE` to print that account for a file.
"""

from __future__ import annotations

import csv
import enum
import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow

from utils.actions import schema
from utils.actions.checks import DELIMITERS, ERROR, WARNING, Ids, Problem, check_chunk, unguarded_cell
from utils.actions.dates import DateOrder, column_order
from utils.actions.formats import FORMAT_NAMES, Table, file_format, read_table
from utils.errors import UnreadableFile
from utils.escape import looks_like_formula
from utils.i18n import Said
from utils.settings import Limits
from utils.view.fields import column_named


@dataclass
class LoadResult:
    actions: pd.DataFrame
    problems: list[Problem]
    rows_in_file: int
    rejected: pd.DataFrame
    encoding: str = "utf-8"
    delimiter: str = ","
    column_map: dict[str, str] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    layout: list[tuple[str, str]] = field(default_factory=list)  # (header as written, column it fed), in file order
    format: str = "csv"  # formats.FORMAT_NAMES
    sheets: tuple[str, ...] = ()  # a workbook's sheets, the one read among them
    sheet: str = ""

    @property
    def accepted(self) -> int:
        return len(self.actions)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]


# --- bytes to text ---------------------------------------------------------


def decode(raw: bytes) -> tuple[str, str, list[Problem]]:
    """Text, the encoding it was read with, and any problem with doing so."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decode_utf8_lines(raw[3:], "utf-8 (with BOM)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as error:
            return "", "utf-16", [Problem(None, None, "", Said("the file says it is UTF-16 but is not ({reason})", reason=error.reason))]
    if _looks_utf16_without_bom(raw):
        codec = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
        return raw.decode(codec, errors="replace"), codec, []
    return _decode_utf8_lines(raw, "utf-8")


def _looks_utf16_without_bom(raw: bytes) -> bool:
    sample = raw[:200]
    return len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 3


def _decode_utf8_lines(raw: bytes, name: str) -> tuple[str, str, list[Problem]]:
    try:
        return raw.decode("utf-8"), name, []
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    fallback = []
    texts = []
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(line.decode("cp1252", errors="replace"))
            fallback.append(number)
    if len(fallback) == sum(1 for line in lines if not line.isascii()):
        return "\n".join(texts), "windows-1252", []
    shown = ", ".join(str(n) for n in fallback[:10]) + (" ..." if len(fallback) > 10 else "")
    message = Said(
        "mixed encodings: {lines} line(s) are not UTF-8 and were read as Windows-1252 (lines {shown}); check their accents",
        lines=len(fallback),
        shown=shown,
    )
    return "\n".join(texts), "utf-8 + windows-1252", [Problem(None, None, "", message, WARNING)]


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the one of , ; tab | that splits it most."""
    header = _first_record(text)
    counts = {delimiter: _count_outside_quotes(header, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _first_record(text: str) -> str:
    in_quotes = False
    for index, char in enumerate(text[:100_000]):
        if char == '"':
            in_quotes = not in_quotes
        elif char in "\r\n" and not in_quotes:
            return text[:index]
    return text[:100_000]


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return len(re.sub(r'"[^"]*"', "", line).split(delimiter)) - 1


# --- headers ---------------------------------------------------------------


def map_columns(headers: list[str], mapping: Mapping[str, str] | None = None) -> tuple[dict[int, str], list[str], list[Problem]]:
    """Which schema column each header position feeds, and the extra columns kept as they are.

    `mapping` (original header -> schema column, or "" to keep as extra) overrides the guess.
    """
    positions: dict[int, str] = {}
    extras: list[str] = []
    problems: list[Problem] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        label = header.strip().replace("\ufeff", "") or f"column_{index + 1}"
        if looks_like_formula(label):
            problems.append(
                Problem(
                    1,
                    label,
                    label,
                    Said("the header {header} looks like a spreadsheet formula; kept as plain text", header=repr(label[:40])),
                    WARNING,
                )
            )
        target = mapping.get(header, mapping.get(label)) if mapping is not None else None
        if target is None:
            target = column_named(label)
        if target and target in taken:
            problems.append(
                Problem(1, label, label, Said("a second column for {column}; kept as an extra column", column=repr(target)), WARNING)
            )
            target = None
        if target:
            positions[index] = target
            taken.add(target)
        else:
            while label in extras or label in schema.ALL_COLUMN_NAMES:  # a file's own 'row' never overwrites ours
                label += "_"
            extras.append(label)
            positions[index] = label
    return positions, extras, problems


# --- one cell --------------------------------------------------------------


# --- the file --------------------------------------------------------------


def read_bytes(source: Path | str | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    return Path(source).read_bytes()


def load_actions(
    source: Path | str | bytes,
    mapping: Mapping[str, str] | None = None,
    limits: Limits = Limits(),
    every_row: Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> LoadResult:
    """Every row of an actions file (CSV, a sheet of a workbook, GeoJSON, KML or KMZ), accepted or rejected with
    its reasons; a file over `limits` is refused whole.

    `every_row` gives columns the file lacks one value for every row ({"date": "2017-01-21", "country": "US"}),
    checked like any cell: a file of marches on one day needs no date column. `kinds` reads a file's own words for
    its actions as kinds ({"chahut": "protest"}); `sheet` chooses a workbook's sheet (the first by default).
    """
    raw = read_bytes(source)
    if len(raw) > limits.max_bytes:
        message = Said(
            "the file is {size} MB; this site reads files of up to {limit} MB",
            size=f"{len(raw) / 1e6:.1f}",
            limit=f"{limits.max_bytes / 1e6:.0f}",
        )
        return _empty([Problem(None, None, "", message)])
    if not raw or raw.isspace():  # raw.strip() would copy the whole file
        return _empty([Problem(None, None, "", Said("the file is empty: expected a header row such as 'date,place,action_kind'"))])
    options = _Options(mapping, every_row, kinds or {}, limits)
    try:
        table = read_table(raw, sheet, limits.max_bytes)
    except UnreadableFile as error:
        return _empty([Problem(None, None, "", str(error))], FORMAT_NAMES.get(file_format(raw), ""), "")
    if table is not None:
        return _load_table(table, options)
    text, encoding, problems = decode(raw)
    del raw  # read from a path, the bytes are needed no more: only the text stays while the rows are read
    text, nul_problems = _without_nul(text)
    if _mostly_unprintable(text):
        message = Said(
            "this is not a file this site reads (it holds binary data): expected a CSV, a spreadsheet (.xlsx, .ods), GeoJSON or KML"
        )
        return _empty([Problem(None, None, "", message)], encoding)
    problems = problems + nul_problems
    if re.match(r"\s*<(!doctype|html)", text[:200], re.IGNORECASE):
        message = Said("this is a web page (HTML), not a CSV: did a download save a sign-in or error page? Export the sheet as CSV")
        return _empty(problems + [Problem(None, None, "", message)], encoding)
    delimiter = sniff_delimiter(text)
    records = _record_stream(text, delimiter)
    headers = next(records, None)
    if headers is None:
        return _empty(problems + [Problem(None, None, "", Said("the file holds no header row"))], encoding, delimiter)
    if len(headers) > limits.max_columns:
        message = Said(
            "the header has {columns} columns; this site reads at most {most}", columns=f"{len(headers):,}", most=f"{limits.max_columns:,}"
        )
        return _empty(problems + [Problem(1, None, "", message)], encoding, delimiter)

    def body():
        records = _record_stream(text, delimiter)
        next(records, None)
        return records

    strict_fault = functools.cache(lambda: _strict_fault(text, delimiter))  # one strict pass, asked for by either check
    result = _load_records(headers, body, 2, options, problems, lambda: strict_fault() is None)
    if isinstance(result, str):
        return _empty(problems + [Problem(None, None, "", result)], encoding, delimiter)
    result.encoding, result.delimiter = encoding, delimiter
    if result.rows_in_file and strict_fault() is CsvFault.UNCLOSED_QUOTE:
        _reject_last_row(
            result, Said("a quote mark opened in this row is never closed before the end of the file; close the quote and load again")
        )
    return result


def _named(problem: Problem, table: Table) -> Problem:
    """A problem as the file numbers its records: a sheet's own row (the header below empty rows too), a feature's
    or placemark's number; a header's problem names no record but its column."""
    if problem.row is None:
        return problem
    if problem.row == 1:
        return replace(problem, row=table.first_row - 1 if table.unit == "row" else None)
    return replace(problem, unit=table.unit) if table.unit != "row" else problem


@dataclass(frozen=True)
class _Options:
    mapping: Mapping[str, str] | None
    every_row: Mapping[str, str] | None
    kinds: Mapping[str, str]
    limits: Limits


def _load_table(table: Table, options: _Options) -> LoadResult:
    """A sheet's, GeoJSON's or KML's rows, checked as a CSV's are; the messages name the record as the file does."""
    name = FORMAT_NAMES[table.format] + (f" (sheet {table.sheet!r})" if len(table.sheets) > 1 else "")
    if not table.headers:
        return _empty([Problem(None, None, "", Said("the file holds no header row"))], name, "")
    if len(table.headers) > options.limits.max_columns:
        message = Said(
            "the header has {columns} columns; this site reads at most {most}",
            columns=f"{len(table.headers):,}",
            most=f"{options.limits.max_columns:,}",
        )
        return _empty([Problem(None, None, "", message)], name, "")
    notes = [Problem(table.first_row + number - 1, None, "", note, WARNING) for number, note in table.notes]
    result = _load_records(table.headers, lambda: iter(table.rows), table.first_row, options, notes, lambda: True)
    if isinstance(result, str):
        return _empty([Problem(None, None, "", result)], name, "")
    result.problems = [_named(problem, table) for problem in result.problems]
    result.encoding, result.delimiter, result.format, result.sheets, result.sheet = name, "", table.format, table.sheets, table.sheet
    return result


CELLS_AT_ONCE = 300_000  # cells checked and turned into columns at a time: a million rows never live as Python lists at once


def _record_stream(text: str, delimiter: str):
    """The file's records one by one, blank lines above the header skipped. Lines are cut from the text as the
    csv module asks for them: an io.StringIO would copy the whole text, four bytes per character."""
    csv.field_size_limit(min(max(len(text) + 1, 131_072), 2**31 - 1))
    reader = csv.reader((match.group() for match in _LINE.finditer(text)), delimiter=delimiter)
    return itertools.dropwhile(lambda record: not any(cell.strip() for cell in record), reader)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # a line as io.StringIO(newline="") cuts them


def _date_orders(body, positions: dict[int, str], first_row: int = 2) -> tuple[dict[str, DateOrder], list[Problem]]:
    """Per date column, how its dates are read (day or month first, the year of a date written without one),
    settled from every value of the column before any row is, in a first pass over the file's records (`body`);
    and one note per column whose dates could be read two ways."""
    dates = {index: name for index, name in positions.items() if name in schema.columns_of_kind("date")}
    if not dates:
        return {}, []
    values: dict[str, dict[str, int]] = {name: {} for name in dates.values()}
    for row, record in enumerate(body, start=first_row):
        for index, name in dates.items():
            if index < len(record):
                values[name].setdefault(unguarded_cell(record[index]).strip(), row)
    orders, notes = {}, []
    for name, rows in values.items():
        orders[name], settled_by, ambiguous = column_order(list(rows))
        if ambiguous:
            notes.append(_order_note(name, orders[name], settled_by, ambiguous, rows))
    return orders, notes


def _order_note(name: str, order: DateOrder, settled_by: str | None, ambiguous: list[str], rows: dict[str, int]) -> Problem:
    first = min(ambiguous, key=rows.__getitem__)
    order_said = Said("month first") if order.month_first else Said("day first")
    if settled_by:
        message = Said(
            "dates such as {value} (row {row}) could be read two ways; all are read {order}, as {settled} (row {settled_row}) shows",
            value=repr(first),
            row=rows[first],
            order=order_said,
            settled=repr(settled_by),
            settled_row=rows[settled_by],
        )
    else:
        message = Said(
            "{count} date(s) such as {value} (row {row}) could be read two ways and no date in the column settles it; all are read "
            "{order} (write YYYY-MM-DD to be sure)",
            count=len(ambiguous),
            value=repr(first),
            row=rows[first],
            order=order_said,
        )
    return Problem(None, name, first, message, WARNING)


def _records(text: str, delimiter: str, most: int) -> tuple[list[list[str]], bool]:
    records, more = read_records(text, delimiter, most)
    while records and not any(cell.strip() for cell in records[0]):  # blank lines above the header
        records.pop(0)
    return records, more


def file_cells(source: Path | str | bytes, limits: Limits = Limits(), sheet: str | None = None) -> tuple[list[str], list[list[str]], int]:
    """The header and the rows as the file has them, every cell as written (a sheet's, GeoJSON's or KML's as
    utils.actions.formats reads them), and the number of the first row: for an output that adds columns beside a user's own
    and never rewrites one of theirs. Rows are numbered as the loader numbers them."""
    raw = read_bytes(source)
    table = read_table(raw, sheet, limits.max_bytes)
    if table is not None:
        return table.headers, table.rows, table.first_row
    text, _, _ = decode(raw)
    text, _ = _without_nul(text)
    records, _ = _records(text, sniff_delimiter(text), limits.max_rows + 1)
    return (records[0], records[1:], 2) if records else ([], [], 2)


def _without_nul(text: str) -> tuple[str, list[Problem]]:
    """NUL characters removed (some exporters pad with them), said in a warning; the rows around them are kept."""
    count = text.count("\x00")
    if not count:
        return text, []
    lines = sorted({text.count("\n", 0, index) + 1 for index in itertools.islice(_positions(text, "\x00"), 10)})
    shown = ", ".join(str(line) for line in lines) + (" ..." if count > 10 else "")
    message = Said(
        "the file held {count} NUL character(s) (line {shown}), which were removed; no row was dropped", count=count, shown=shown
    )
    return text.replace("\x00", ""), [Problem(None, None, "", message, WARNING)]


def _positions(text: str, char: str):
    index = text.find(char)
    while index != -1:
        yield index
        index = text.find(char, index + 1)


def read_records(text: str, delimiter: str, most: int) -> tuple[list[list[str]], bool]:
    """The file's first `most` records (header included), and whether there were more.

    Python's csv module stops at a cell of over 131,072 characters; the limit is raised to
    the text's own length, which the byte limit already bounds.
    """
    csv.field_size_limit(min(max(len(text) + 1, 131_072), 2**31 - 1))
    reader = csv.reader((match.group() for match in _LINE.finditer(text)), delimiter=delimiter)
    records = list(itertools.islice(reader, most))
    more = next(reader, None) is not None
    return records, more


class CsvFault(enum.Enum):
    """Why a text is not standard CSV, as the strict reader found it."""

    UNCLOSED_QUOTE = "a quoted cell is never closed before the end of the text"
    OTHER = "a quote where standard CSV has none"


def _strict_fault(text: str, delimiter: str) -> CsvFault | None:
    """Why the text is not standard CSV, or None when it is: every quoted cell closed, a quote inside one doubled.
    The csv module takes both silently unless strict; strict, it says which only in its message, read here once."""
    if '"' not in text:
        return None
    try:
        for _ in csv.reader((match.group() for match in _LINE.finditer(text)), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return CsvFault.UNCLOSED_QUOTE if "unexpected end of data" in str(error) else CsvFault.OTHER
    return None


def _reject_last_row(result: LoadResult, message: str) -> None:
    row = result.rows_in_file + 1
    kept = result.actions[result.actions[schema.ROW_COLUMN] == row]
    if kept.empty:  # already rejected, for the runaway quote itself
        return
    result.problems.append(Problem(row, None, "", message))
    result.actions = result.actions[result.actions[schema.ROW_COLUMN] != row].reset_index(drop=True)
    cells = {name: str(value) for name, value in kept.iloc[0].items() if name in {column for _, column in result.layout}}
    result.rejected = pd.concat([result.rejected, pd.DataFrame([{schema.ROW_COLUMN: row, "reason": message, **cells}])], ignore_index=True)


def _mostly_unprintable(text: str) -> bool:
    sample = text[:4096]
    odd = sum(1 for char in sample if (not char.isprintable() and char not in "\r\n\t") or char == "\ufffd")
    return len(sample) > 0 and odd / len(sample) > 0.1


def _empty(problems: list[Problem], encoding: str = "", delimiter: str = ",") -> LoadResult:
    return LoadResult(_frame([]), problems, 0, _rejected_frame([]), encoding, delimiter)


def _load_records(headers, records, first_row: int, options: _Options, problems, standard) -> LoadResult | str:
    """Every record after the header (`records()` gives them, from row `first_row`), some CELLS_AT_ONCE cells at a
    time; or why the file is refused whole (more rows or cells than the limits allow: the file is refused before it
    is all read)."""
    width, added, mapping, limits = len(headers), [], options.mapping, options.limits
    if options.every_row:
        headers, mapping, added = _every_row_columns(headers, mapping, options.every_row)

    def body():
        return (record + [""] * (width - len(record)) + added for record in records()) if added else records()

    positions, extras, header_problems = map_columns(headers, mapping)
    problems = problems + header_problems
    column_map = {headers[index].strip() or f"column_{index + 1}": name for index, name in positions.items() if name in schema.COLUMN_NAMES}
    layout = [(headers[index].strip() or f"column_{index + 1}", name) for index, name in positions.items()]
    mapped = set(column_map.values())
    has_location = mapped & set(schema.LOCATION_COLUMNS) or {"lat", "lon"} <= mapped
    no_location = ""
    if not has_location:
        found = ", ".join(header.strip() for header in headers) or "nothing"
        no_location = Said("no column says where the actions happened: expected one of place, city, country (found: {found})", found=found)
        problems.append(Problem(1, None, "", no_location))
    orders, order_notes = _date_orders(body(), positions, first_row)
    problems.extend(order_notes)
    ids = Ids()
    frames, rejected, rows, cells_read = [], [], 0, 0
    for chunk in _batched(body(), max(100, CELLS_AT_ONCE // len(headers))):
        if rows + len(chunk) > limits.max_rows:
            return Said("the file has more than {most} rows; this site reads at most {most} (split the file)", most=f"{limits.max_rows:,}")
        cells_read += sum(len(record) for record in chunk)
        if cells_read > limits.max_cells:
            return Said(
                "the file has more than {most} cells (rows times columns); this site reads at most {most} (split the file, or leave "
                "out columns the map does not use)",
                most=f"{limits.max_cells:,}",
            )
        if no_location:
            for number, record in enumerate(chunk, start=rows):
                rejected.append(
                    {schema.ROW_COLUMN: number + first_row, "reason": no_location, **_cells(record, positions, len(headers))[0]}
                )
        else:
            checked = check_chunk(chunk, rows + first_row, positions, len(headers), orders, ids, standard, options.kinds)
            problems.extend(checked.problems)
            rejected.extend(checked.rejected)
            frames.append(_frame(checked.actions, extras, optional=True))
            pyarrow.default_memory_pool().release_unused()  # the chunk's working columns go back to the system, not kept
        rows += len(chunk)
    if not rows:
        problems.append(Problem(None, None, "", Said("the file has a header but no rows of actions"), WARNING))
    return LoadResult(_joined(frames, extras), problems, rows, _rejected_frame(rejected), "", ",", column_map, extras, layout)


def _batched(records, size: int):
    while chunk := list(itertools.islice(records, size)):
        yield chunk


def _every_row_columns(headers, mapping, every_row: Mapping[str, str]):
    """A column per given value, the same on every row, named so that the account says where it came from."""
    mapping = dict(mapping or {})
    added = [(name, str(value)) for name, value in every_row.items() if name in schema.BY_NAME and str(value).strip()]
    for name, _ in added:
        mapping[f"{name} (every row)"] = name
    return headers + [f"{name} (every row)" for name, _ in added], mapping, [value for _, value in added]


def _cells(record: list[str], positions: dict[int, str], width: int) -> tuple[dict[str, str], list[str], int]:
    cells = {name: unguarded_cell(record[index]) if index < len(record) else "" for index, name in positions.items()}
    return cells, record[width:], len(record)


ACTION_COLUMNS: tuple[str, ...] = schema.LOADED_COLUMNS
# How a column of each kind is held once read (schema.COLUMN_KINDS); any other column is text.
_DTYPES = {"number": "float64", "integer": "Int64", "row": "int64"}


OPTIONAL_COLUMNS = ("action_kind_original", "date_original", "extra_values")  # only in a file that needs them


def _joined(frames: list[pd.DataFrame], extras: list[str]) -> pd.DataFrame:
    """The chunks' frames as one, with an optional column only if some action has it."""
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] if frames else _frame([], extras)
    unused = [name for name in OPTIONAL_COLUMNS if name in frame and not frame[name].astype(bool).any()]
    return frame.drop(columns=unused)


def _frame(actions: list[dict[str, object]], extras: list[str] = (), optional: bool = False) -> pd.DataFrame:
    columns = list(ACTION_COLUMNS) + [name for name in extras if name not in ACTION_COLUMNS]
    for name in OPTIONAL_COLUMNS:
        if optional or any(name in action for action in actions):
            columns.append(name)
    frame = pd.DataFrame(actions, columns=columns)
    kinds = {name: schema.BY_NAME[name].kind if name in schema.BY_NAME else "text" for name in columns}
    for name, kind in kinds.items():
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name], errors="coerce")
        elif kind == "number":
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(_DTYPES[kind])
        elif kind in _DTYPES:
            frame[name] = pd.array(frame[name].tolist(), dtype=_DTYPES[kind])
    text_columns = [name for name, kind in kinds.items() if kind not in _DTYPES and kind != "date"]
    for name in text_columns:  # a column no action filled is all missing (float): empty text instead
        frame[name] = frame[name].astype(object).fillna("").astype(str)
    return frame.reset_index(drop=True)


def _rejected_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame({schema.ROW_COLUMN: pd.Series(dtype="int64"), "reason": pd.Series(dtype=str)})
    return frame


# --- the account -----------------------------------------------------------


def account(result: LoadResult) -> str:
    """What a user reads about a load: rows, actions per kind and per day, each problem."""
    lines = [
        f"rows in file: {result.rows_in_file}  accepted: {result.accepted}  rejected: {result.rejected_count}",
        f"read as: {result.encoding or 'unknown'}" + (f", delimiter {result.delimiter!r}" if result.format == "csv" else ""),
    ]
    if result.extra_columns:
        lines.append("extra columns kept: " + ", ".join(result.extra_columns))
    if result.accepted:
        lines.append("actions per kind:")
        for kind, count in result.actions["action_kind"].value_counts().sort_index().items():
            lines.append(f"  {kind}: {count}")
        lines.append("actions per day:")
        days = result.actions["date"].dt.strftime("%Y-%m-%d").fillna("(no date)")
        for day, count in days.value_counts().sort_index().items():
            lines.append(f"  {day}: {count}")
    errors = len(result.errors)
    lines.append(f"problems: {len(result.problems)} ({errors} rejecting a row or the file, {len(result.problems) - errors} warnings)")
    lines.extend(f"  {problem}" for problem in result.problems)
    return "\n".join(lines)

"""The files campaigns keep their actions in besides CSV, read as a header and rows of text for the loader.

Excel (.xlsx, .xls) and LibreOffice (.ods) through python-calamine: every sheet offered, the first by default,
each cell as the sheet shows it (a date as YYYY-MM-DD, a formula as its last value, never run). GeoJSON (as uMap
and Datawrapper export it): a feature's properties as columns, its geometry as the position (a line or an area at
the middle of its extent, a missing geometry left placeless). KML and KMZ (as Google My Maps exports them): a
Placemark's name, description, ExtendedData, time and Point, read with defusedxml, which refuses entities. The
loader then checks the rows as it checks a CSV's; a message names a sheet's row or a feature's or placemark's
number.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from utils.errors import UnreadableFile
from utils.i18n import Said

GEOMETRY_HEADERS = ("lat", "lon")


@dataclass
class Table:
    """A file that is not CSV, as the loader reads a CSV: a header and rows of text."""

    format: str  # "xlsx", "xls", "ods", "geojson", "kml" or "kmz"
    headers: list[str]
    rows: list[list[str]]
    first_row: int = 2  # the number of the first row after the header, as the file numbers it (a sheet's row)
    unit: str = "row"  # what a record is called in messages: "row", "feature" or "placemark"
    sheets: tuple[str, ...] = ()
    sheet: str = ""
    notes: list[tuple[int, str]] = field(default_factory=list)  # (record number, what was noticed) for the loader to say


FORMAT_NAMES = {
    "csv": "CSV",
    "xlsx": "Excel",
    "xls": "Excel 97-2003",
    "ods": "OpenDocument spreadsheet",
    "geojson": "GeoJSON",
    "kml": "KML",
    "kmz": "KMZ",
}
EXTENSIONS = ("csv", "tsv", "txt", "xlsx", "xls", "ods", "geojson", "json", "kml", "kmz")  # what an upload may be called


def file_format(raw: bytes) -> str:
    """What a file is, by its content, never by its name: 'csv' for any text that is not JSON or KML."""
    head = raw[:4096]
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(raw)
        if any(name.lower().endswith(".kml") for name in names):
            return "kmz"
        if "mimetype" in names and b"opendocument.spreadsheet" in head:
            return "ods"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{") and (b'"type"' in raw[:2_000_000] or b'"features"' in raw[:2_000_000]):
        return "geojson"
    if text.startswith(b"<") and b"<kml" in head:
        return "kml"
    return "csv"


def _zip_names(raw: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive.namelist()
    except zipfile.BadZipFile:
        return []


def read_table(raw: bytes, sheet: str | None = None, max_bytes: int = 200_000_000) -> Table | None:
    """The file as a table, or None when it is CSV (or other text) for the CSV reader. Raises UnreadableFile,
    with a message for the person who gave the file, when it is none of the formats or is broken."""
    kind = file_format(raw)
    if kind == "csv":
        return None
    if kind == "zip":
        raise UnreadableFile(Said("this is a ZIP archive with no sheet or KML inside: expected a CSV, a spreadsheet, GeoJSON or KML"))
    if kind in ("xlsx", "xls", "ods"):
        if kind != "xls":  # .xls is not a zip
            _check_unpacked_size(raw, max_bytes)
        return _sheet(raw, kind, sheet)
    if kind == "geojson":
        return _geojson(raw)
    if kind == "kmz":
        return _kml(_kml_in_kmz(raw, max_bytes), "kmz")
    return _kml(raw, "kml")


def _check_unpacked_size(raw: bytes, max_bytes: int) -> None:
    """A zipped file that unpacks to more than the site reads is refused before it is unpacked (a zip bomb)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > 5 * max_bytes:
        raise UnreadableFile(
            Said(
                "the file unpacks to {size} MB; this site reads files of up to {limit} MB",
                size=f"{unpacked / 1e6:.0f}",
                limit=f"{max_bytes / 1e6:.0f}",
            )
        )


# --- sheets ------------------------------------------------------------------


def sheet_names(raw: bytes) -> list[str]:
    """The sheets of a workbook, in order; [] for any other file."""
    if file_format(raw) not in ("xlsx", "xls", "ods"):
        return []
    return list(_workbook(raw).sheet_names)


def _workbook(raw: bytes):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as error:  # calamine raises its own error types for a broken workbook; the reason goes in the message
        raise UnreadableFile(Said("the workbook cannot be read ({reason}); open it and save it again", reason=str(error)[:200])) from None


def _sheet(raw: bytes, kind: str, sheet: str | None) -> Table:
    book = _workbook(raw)
    names = tuple(book.sheet_names)
    if not names:
        raise UnreadableFile(Said("the workbook has no sheets"))
    chosen = sheet if sheet in names else names[0]
    if sheet and sheet not in names:
        raise UnreadableFile(Said("the workbook has no sheet {sheet} (its sheets: {sheets})", sheet=repr(sheet), sheets=", ".join(names)))
    try:
        values = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as error:  # as above: a sheet calamine cannot read, said with its reason
        raise UnreadableFile(Said("the sheet {sheet} cannot be read ({reason})", sheet=repr(chosen), reason=str(error)[:200])) from None
    rows = [[cell_text(value) for value in row] for row in values]
    filled = [sum(1 for cell in row if cell.strip()) for row in rows]
    enough = min(2, max(filled, default=0))  # a title above the header (one cell) is not the header
    top = next((index for index, count in enumerate(filled) if count and count >= enough), len(rows))
    while rows and not any(cell.strip() for cell in rows[-1]):  # a sheet's formatted but empty rows at the bottom
        rows.pop()
    width = max((max((index for index, cell in enumerate(row) if cell.strip()), default=-1) + 1 for row in rows), default=0)
    headers = rows[top][:width] if top < len(rows) else []  # empty columns at the right (formatted, never filled) go
    rows = [row[:width] for row in rows[top + 1 :]]
    return Table(kind, headers, rows, first_row=top + 2, sheets=names, sheet=chosen)


def cell_text(value: object) -> str:
    """A sheet's cell as the sheet shows it: 15 not 15.0, a day as YYYY-MM-DD, a time of day as 10:00."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- GeoJSON -----------------------------------------------------------------


def _geojson(raw: bytes) -> Table:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(Said("the GeoJSON cannot be read: {reason}", reason=str(error)[:200])) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise UnreadableFile(Said("this JSON is not GeoJSON: expected a FeatureCollection with a list of features"))
    headers: dict[str, None] = dict.fromkeys(GEOMETRY_HEADERS)
    records, notes = [], []
    for number, feature in enumerate(data["features"], start=1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        position, note = _position(feature.get("geometry"))
        if note:
            notes.append((number, note))
        cells = {key: cell_text(value) for key, value in properties.items() if not str(key).startswith("_umap")}
        headers.update(dict.fromkeys(key for key in cells if key not in headers))
        records.append((position, cells))
    names = list(headers)
    rows = []
    for position, cells in records:
        rows.append([*(f"{value:.7g}" if value is not None else "" for value in position), *(cells.get(name, "") for name in names[2:])])
    return Table("geojson", names, rows, unit="feature", notes=notes)


def _position(geometry: object) -> tuple[tuple[float | None, float | None], str]:
    """(lat, lon) of a geometry, and a note when it is not a point."""
    if not isinstance(geometry, dict):
        return (None, None), ""
    points = list(_coordinates(geometry.get("coordinates")))
    if geometry.get("type") == "GeometryCollection":
        points = [
            point for part in geometry.get("geometries") or [] if isinstance(part, dict) for point in _coordinates(part.get("coordinates"))
        ]
    if not points:
        return (None, None), Said("its geometry has no coordinates; kept without a position")
    if geometry.get("type") == "Point":
        lon, lat = points[0]
        return (lat, lon), ""
    lons, lats = [point[0] for point in points], [point[1] for point in points]
    middle = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    return middle, Said("a {shape}, placed at the middle of its extent", shape=str(geometry.get("type"))[:40])


def _coordinates(value: object):
    """Every [lon, lat] pair in a GeoJSON coordinates array, however deeply nested."""
    if isinstance(value, list) and len(value) >= 2 and all(isinstance(part, (int, float)) for part in value[:2]):
        yield float(value[0]), float(value[1])
    elif isinstance(value, list):
        for part in value:
            yield from _coordinates(part)


# --- KML and KMZ ---------------------------------------------------------------


def _kml_in_kmz(raw: bytes, max_bytes: int) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = [info for info in archive.infolist() if info.filename.lower().endswith(".kml")]
        main = next((info for info in names if info.filename.lower() == "doc.kml"), names[0])
        if main.file_size > max_bytes:
            raise UnreadableFile(
                Said(
                    "the KML inside is {size} MB; this site reads files of up to {limit} MB",
                    size=f"{main.file_size / 1e6:.0f}",
                    limit=f"{max_bytes / 1e6:.0f}",
                )
            )
        return archive.read(main)


def _kml(raw: bytes, kind: str) -> Table:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(raw)
    except DefusedXmlException:
        raise UnreadableFile(Said("the KML declares entities or a document type, which this site does not read (a safety rule)")) from None
    except ParseError as error:
        raise UnreadableFile(Said("the KML cannot be read: {reason}", reason=str(error)[:200])) from None
    headers: dict[str, None] = dict.fromkeys((*GEOMETRY_HEADERS, "name"))
    records, notes = [], []
    for number, (placemark, folder) in enumerate(_placemarks(root, ""), start=1):
        cells = {"name": _text(placemark, "name")}
        if folder:
            cells["folder"] = folder
        cells.update(_times(placemark))
        if description := _text(placemark, "description"):
            cells["description"] = _plain(description)
        for data in _all(placemark, "Data"):
            cells.setdefault(data.get("name") or "", _text(data, "value"))
        for data in _all(placemark, "SimpleData"):
            cells.setdefault(data.get("name") or "", (data.text or "").strip())
        cells.pop("", None)
        position, note = _kml_position(placemark)
        if note:
            notes.append((number, note))
        headers.update(dict.fromkeys(key for key in cells if key not in headers))
        records.append((position, cells))
    names = list(headers)
    rows = [
        [*(f"{value:.7g}" if value is not None else "" for value in position), *(cells.get(name, "") for name in names[2:])]
        for position, cells in records
    ]
    return Table(kind, names, rows, unit="placemark", notes=notes)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _all(element, name: str):
    return (child for child in element.iter() if _local(child.tag) == name)


def _text(element, name: str) -> str:
    child = next((child for child in element if _local(child.tag) == name), None)
    return (child.text or "").strip() if child is not None else ""


def _placemarks(element, folder: str):
    """Each Placemark with the name of the folder (a My Maps layer) it is in."""
    for child in element:
        tag = _local(child.tag)
        if tag == "Placemark":
            yield child, folder
        elif tag in ("Folder", "Document"):
            yield from _placemarks(child, _text(child, "name") if tag == "Folder" else folder)


def _times(placemark) -> dict[str, str]:
    for child in placemark:
        if _local(child.tag) == "TimeStamp":
            return {"date": _text(child, "when")[:10]}
        if _local(child.tag) == "TimeSpan":
            return {"date": _text(child, "begin")[:10], "date_end": _text(child, "end")[:10]}
    return {}


def _plain(description: str) -> str:
    """A description as text: My Maps writes HTML (<br>, links) into it; the tags go, their text stays."""
    text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", description, flags=re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


_SHAPES = ("Point", "LineString", "Polygon", "MultiGeometry", "LinearRing")


def _kml_position(placemark) -> tuple[tuple[float | None, float | None], str]:
    points = []
    shape = next((_local(element.tag) for element in placemark.iter() if _local(element.tag) in _SHAPES), "shape")
    for element in _all(placemark, "coordinates"):
        for triple in (element.text or "").split():
            parts = triple.split(",")
            try:
                points.append((float(parts[0]), float(parts[1])))
            except (ValueError, IndexError):
                continue
    if not points:
        return (None, None), Said("it has no point; kept without a position")
    if shape == "Point":
        lon, lat = points[0]
        return (lat, lon), ""
    lons, lats = [point[0] for point in points], [point[1] for point in points]
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2), Said(
        "a {shape}, placed at the middle of its extent", shape=shape[:40]
    )

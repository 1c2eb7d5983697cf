"""Files from anywhere: the bundled actions saved as a workbook (xlsx, ods), GeoJSON, KML and KMZ load as the CSV does,
and a broken or hostile file is refused with a plain message, never a traceback."""

import csv
import io
import json
import zipfile
from xml.sax.saxutils import escape

import pandas as pd
import pytest

from tests.conftest import REPO
from utils.actions.formats import cell_text, file_format, read_table, sheet_names
from utils.actions.load import account, load_actions

BUNDLED = REPO / "data" / "actions.csv"


def bundled_rows() -> tuple[list[str], list[list[str]]]:
    records = list(csv.reader(io.StringIO(BUNDLED.read_text(encoding="utf-8"))))
    return records[0], records[1:]


def as_xlsx(headers, rows, sheets=("Actions",), typed=True) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "This sheet is the campaign's notes, not its actions"
    for name in sheets:
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append([_typed(header, cell) if typed else cell for header, cell in zip(headers, row, strict=True)])
    book.move_sheet("Notes", offset=len(sheets))  # the actions first, as a sheet downloaded from Google has them
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typed(header: str, cell: str):
    """A cell as a spreadsheet holds it: a date as a date, a count as a number."""
    import datetime as dt

    if header in ("date", "date_end") and cell:
        return dt.datetime.fromisoformat(cell)
    if header in ("participants", "lat", "lon") and cell:
        return float(cell)
    return cell


def as_ods(headers, rows) -> bytes:
    out = io.BytesIO()
    pd.DataFrame(rows, columns=headers).to_excel(out, engine="odf", index=False, sheet_name="Actions")
    return out.getvalue()


def as_geojson(headers, rows) -> bytes:
    features = []
    for row in rows:
        cells = dict(zip(headers, row, strict=True))
        lat, lon = cells.pop("lat"), cells.pop("lon")
        geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]} if lat and lon else None
        features.append({"type": "Feature", "geometry": geometry, "properties": cells})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def as_kml(headers, rows) -> bytes:
    """As Google My Maps exports a layer: a Document, a Folder, each row a Placemark with ExtendedData."""
    marks = []
    for row in rows:
        cells = dict(zip(headers, row, strict=True))
        data = "".join(
            f'<Data name="{name}"><value>{escape(value)}</value></Data>' for name, value in cells.items() if name not in ("lat", "lon")
        )
        point = f"<Point><coordinates>{cells['lon']},{cells['lat']},0</coordinates></Point>" if cells["lat"] else ""
        marks.append(f"<Placemark><name>{escape(cells['organisations'])}</name><ExtendedData>{data}</ExtendedData>{point}</Placemark>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Jasic</name>'
        f"<Folder><name>Actions</name>{''.join(marks)}</Folder></Document></kml>"
    ).encode()


def as_kmz(kml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
    return out.getvalue()


def summary(result):
    actions = result.actions.set_index("id").sort_index()
    days = actions["date"].dt.strftime("%Y-%m-%d").fillna("")
    ends = actions["date_end"].dt.strftime("%Y-%m-%d").fillna("")
    return list(actions.index), list(days), list(ends), list(actions["action_kind"]), list(actions["country"]), result.rejected_count


WRITERS = {
    "xlsx": lambda headers, rows: as_xlsx(headers, rows),
    "ods": as_ods,
    "geojson": as_geojson,
    "kml": as_kml,
    "kmz": lambda headers, rows: as_kmz(as_kml(headers, rows)),
}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_the_bundled_actions_in_each_format_load_as_the_csv_does(kind):
    headers, rows = bundled_rows()
    raw = WRITERS[kind](headers, rows)
    assert file_format(raw) == kind
    expected = load_actions(BUNDLED)
    result = load_actions(raw)
    assert summary(result) == summary(expected)
    assert result.format == kind and not result.errors
    assert result.actions.set_index("id").sort_index()["participants"].equals(expected.actions.set_index("id").sort_index()["participants"])


def test_a_workbook_offers_every_sheet_reads_the_first_and_names_its_rows():
    headers, rows = bundled_rows()
    rows = [row[:] for row in rows]
    rows[3][headers.index("date")] = "31/02/2019"  # a typed date the sheet holds as text, wrong
    raw = as_xlsx(headers, rows, sheets=("Actions", "March"), typed=False)
    assert sheet_names(raw) == ["Actions", "March", "Notes"]
    result = load_actions(raw)
    assert result.sheet == "Actions" and result.sheets == ("Actions", "March", "Notes")
    assert "row 5, column 'date' (kept): '31/02/2019' is not a real day" in "\n".join(map(str, result.problems))
    assert "read as: Excel (sheet 'Actions')" in account(result)
    notes = load_actions(raw, sheet="Notes")
    assert notes.accepted == 0 and "no column says where the actions happened" in str(notes.problems[0])
    missing = load_actions(raw, sheet="April")
    assert "the workbook has no sheet 'April' (its sheets: Actions, March, Notes)" in str(missing.problems[0])


def test_a_sheet_with_a_title_above_its_header_numbers_rows_as_the_sheet_does():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Solidarity with Jasic workers"
    sheet.append([])
    sheet.append(["city", "date", "action"])
    sheet.append(["Seoul", "2019-03-26", "protest"])
    sheet.append(["Porto", "not yet", "protest"])
    out = io.BytesIO()
    book.save(out)
    result = load_actions(out.getvalue())
    assert result.rows_in_file == 2 and list(result.actions["city"]) == ["Seoul", "Porto"]
    assert list(result.actions["row"]) == [4, 5]  # as the sheet numbers them
    assert any(problem.row == 5 and problem.column == "date" for problem in result.problems)


def test_geojson_features_are_named_by_number_and_a_missing_geometry_is_kept_placeless():
    raw = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [126.98, 37.57]},
                    "properties": {"city": "Seoul", "date": "2019-03-26"},
                },
                {
                    "type": "Feature",
                    "geometry": None,
                    "properties": {"city": "Porto", "date": "2019-13-01", "_umap_options": {"color": "red"}},
                },
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [[[100, 10], [102, 10], [102, 12], [100, 12], [100, 10]]]},
                    "properties": {"country": "Thailand", "note": {"nested": [1, 2]}},
                },
            ],
        }
    ).encode()
    result = load_actions(raw)
    said = "\n".join(map(str, result.problems))
    assert result.accepted == 3
    assert "feature 2, column 'date' (kept): '2019-13-01' is not a real day" in said
    assert "feature 3 (kept): a Polygon, placed at the middle of its extent" in said
    actions = result.actions.set_index("city")
    assert (actions.loc["Seoul", "lat"], actions.loc["Seoul", "lon"]) == (37.57, 126.98)
    assert pd.isna(actions.loc["Porto", "lat"])
    assert "_umap_options" not in result.actions.columns
    assert result.actions.loc[2, "note"] == '{"nested": [1, 2]}' and (result.actions.loc[2, "lat"], result.actions.loc[2, "lon"]) == (
        11,
        101,
    )


def test_kml_as_my_maps_writes_it_reads_name_description_folder_and_time():
    kml = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Solidarity</name>
<Folder><name>Protests</name>
<Placemark><name>KCTU at the Chinese embassy</name><description><![CDATA[Protest<br>with <b>150</b> members]]></description>
<TimeStamp><when>2019-03-26</when></TimeStamp>
<ExtendedData><Data name="country"><value>South Korea</value></Data><Data name="action_kind"><value>\xec\xa7\x91\xed\x9a\x8c</value></Data></ExtendedData>
<Point><coordinates>126.9734,37.5600,0</coordinates></Point></Placemark>
<Placemark><name>Letter</name><ExtendedData><Data name="country"><value>Italy</value></Data></ExtendedData></Placemark>
</Folder></Document></kml>"""
    result = load_actions(kml)
    actions = result.actions
    assert list(actions["name"]) == ["KCTU at the Chinese embassy", "Letter"]
    assert list(actions["folder"]) == ["Protests", "Protests"]
    assert actions.loc[0, "description"] == "Protest\nwith 150 members"
    assert actions.loc[0, "date"] == pd.Timestamp("2019-03-26") and actions.loc[0, "action_kind"] == "protest"
    assert actions.loc[0, "action_kind_original"] == "집회"
    assert (actions.loc[0, "lat"], actions.loc[0, "lon"]) == (37.56, 126.9734)
    assert "placemark 2 (kept): it has no point; kept without a position" in "\n".join(map(str, result.problems))


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol2;</name></Placemark></kml>',
            "declares entities",
        ),
        (b'<?xml version="1.0"?><kml><Placemark><name>never closed', "the KML cannot be read"),
        (b'{"type": "FeatureCollection", "features": [', "the GeoJSON cannot be read"),
        (b'{"type": "Topology", "objects": {}}', "this JSON is not GeoJSON"),
        (b"PK\x03\x04 not really a zip", "ZIP archive"),
    ],
)
def test_a_broken_or_hostile_file_is_refused_with_a_plain_message(raw, phrase):
    result = load_actions(raw)
    assert result.accepted == 0 and phrase in str(result.problems[0])
    assert "Traceback" not in str(result.problems[0])


def test_a_zip_that_unpacks_to_more_than_the_site_reads_is_refused_before_it_is_unpacked():
    from utils.settings import Limits

    headers, rows = bundled_rows()
    raw = as_xlsx(headers, rows * 3000)  # the same rows again and again: packed small, unpacked large
    result = load_actions(raw, limits=Limits(max_bytes=len(raw) + 1))
    assert result.accepted == 0 and "unpacks to" in str(result.problems[0])


def test_a_broken_workbook_says_so():
    raw = as_xlsx(*bundled_rows())
    broken = raw[: len(raw) // 2]
    result = load_actions(broken)
    assert result.accepted == 0 and result.problems


@pytest.mark.parametrize(
    ("value", "text"),
    [(15.0, "15"), (37.5665, "37.5665"), (True, "TRUE"), (None, ""), ("=SUM(A1)", "=SUM(A1)")],
)
def test_a_cell_reads_as_the_sheet_shows_it(value, text):
    assert cell_text(value) == text


def test_csv_is_still_read_by_the_csv_reader():
    assert read_table(BUNDLED.read_bytes()) is None

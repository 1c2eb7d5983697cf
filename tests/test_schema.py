import ast
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import REPO
from utils.actions.schema import ACTION_KINDS, COLUMN_NAMES, canonical_column, canonical_kind


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (" Action Kind ", "action_kind"),
        ("ORGANIZATION", "organisations"),
        ("Latitude", "lat"),
        ("State", "region"),
        ("\ufeffid", "id"),
        ("Estimate (low)", None),
        # Arabic, Chinese, Japanese, Korean, Italian, Dutch, Indonesian, as a campaign writes its sheet
        ("المدينة", "city"),
        ("التاريخ", "date"),
        ("عدد المشاركين", "participants"),
        ("الجهة المنظمة", "organisations"),
        ("日付", "date"),
        ("場所", "place"),
        ("参加者数", "participants"),
        ("内容", "description"),
        ("장소", "place"),
        ("일시", "date"),
        ("Città", "city"),
        ("Luogo", "place"),
        ("Partecipanti", "participants"),
        ("Plaats", "place"),
        ("Beschrijving", "description"),
        ("Deelnemers", "participants"),
        ("Tanggal", "date"),
        ("Lokasi", "place"),
        ("Kota", "city"),
        ("Negara", "country"),
    ],
)
def test_headers_match_case_and_space_insensitively(header, column):
    assert canonical_column(header) == column


def test_kinds_are_a_small_controlled_vocabulary():
    assert canonical_kind("Photo-Action") == "photo action"
    assert canonical_kind("rally") == "protest"
    assert canonical_kind("teach-in") is None
    assert "other" in ACTION_KINDS


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("manifestation", "protest"),
        ("Rassemblement", "protest"),
        ("concentración", "protest"),
        ("Kundgebung", "protest"),
        ("presidio", "protest"),
        ("betoging", "protest"),
        ("unjuk rasa", "protest"),
        ("집회", "protest"),
        ("集會", "protest"),
        ("集会", "protest"),
        ("抗議", "protest"),
        ("وقفة احتجاجية", "protest"),
        ("مظاهرة", "protest"),
        ("marche", "march"),
        ("corteo", "march"),
        ("مسيرة", "march"),
        ("游行", "march"),
        ("Pétition", "petition"),
        ("서명", "petition"),
        ("lettre ouverte", "letter"),
        ("聲明", "statement"),
        ("بيان", "statement"),
        ("action photo", "photo action"),
    ],
)
def test_kinds_are_read_in_the_campaign_languages(word, kind):
    assert canonical_kind(word) == kind


def test_no_word_names_two_kinds():
    from utils.actions.schema import KINDS, kind_key

    named: dict[str, set[str]] = {}
    for kind in KINDS:
        for word in (kind.name, *kind.synonyms):
            named.setdefault(kind_key(word), set()).add(kind.name)
    assert {word: kinds for word, kinds in named.items() if len(kinds) > 1} == {}


def test_bundled_file_uses_exactly_the_schema_columns():
    header = (REPO / "data" / "actions.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == COLUMN_NAMES


def test_no_module_under_utils_imports_streamlit():
    for path in Path(REPO / "utils").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(name.split(".")[0] in ("streamlit", "streamlit_folium") for name in names), path.name


def test_kinds_are_listed_only_in_the_schema():
    """A kind is defined once (schema.KINDS): no module lists kinds in a tuple, list, set or dict of its own,
    where a kind the definition lacks (or a new one it forgot) could hide."""
    import ast

    from tests.conftest import REPO
    from utils.actions.schema import ACTION_KINDS, KIND_SYNONYMS

    names = set(ACTION_KINDS) | set(KIND_SYNONYMS)
    paths = [*sorted((REPO / "utils").rglob("*.py")), *sorted((REPO / "views").glob("*.py")), REPO / "dashboard.py"]
    found = []
    for path in paths:
        if path.name == "schema.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            elements = node.keys if isinstance(node, ast.Dict) else node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else []
            kinds = [element.value for element in elements if isinstance(element, ast.Constant) and element.value in names]
            if len(kinds) >= 2:
                found.append(f"{path.name}:{node.lineno} {kinds}")
    assert found == [], "kinds listed outside schema.KINDS: " + "; ".join(found)


def test_every_kind_has_its_style_label_and_a_legend_entry():
    from utils.actions.schema import ACTION_KINDS, KINDS
    from utils.map.mapview import KIND_STYLE, legend_html

    assert list(KIND_STYLE) == list(ACTION_KINDS)
    legend = legend_html(ACTION_KINDS)
    for kind in KINDS:
        assert kind.letter and kind.colour.startswith("#") and f"</span>{kind.name}</div>" in legend


def test_every_column_has_a_known_kind_and_source():
    from utils.actions.schema import COLUMN_KINDS, COLUMN_SOURCES, COLUMNS

    for column in COLUMNS:
        assert column.kind in COLUMN_KINDS, column.name
        assert column.source in COLUMN_SOURCES, column.name
        assert column.description and column.label, column.name


def test_the_schema_decides_the_loaded_placed_and_exported_columns():
    """One list of columns: what the loader gives, what the geocoder and the photo shelf add and what an analyst
    downloads are its views, each column held as its kind says."""
    from utils.actions import schema
    from utils.actions.campaign import campaign_of_file
    from utils.actions.load import load_actions
    from utils.actions.loaded import place
    from utils.places.geocode import GeocodeCache, Geocoder
    from utils.publish import export

    result = load_actions(REPO / "data" / "actions.csv")
    assert tuple(result.actions.columns) == schema.LOADED_COLUMNS
    geocoder = Geocoder(GeocodeCache(None, seeds=[REPO / "data" / "geocode_cache.jsonl"]), None, None)
    placed = place(result, "actions.csv", "digest", geocoder, lambda placed: campaign_of_file("actions.csv", placed)).actions
    assert set(placed.columns) == set(schema.ALL_COLUMN_NAMES)
    assert tuple(export.view_table(placed).columns) == schema.ALL_COLUMN_NAMES
    held = {"number": "float64", "integer": "Int64", "row": "int64"}
    for column in schema.COLUMNS:
        values = placed[column.name]
        if column.kind == "date":
            assert pd.api.types.is_datetime64_dtype(values), (column.name, values.dtype)
        elif column.kind in held:
            assert str(values.dtype) == held[column.kind], (column.name, values.dtype)
        else:  # text: never a number or a missing value, so that every filter and export reads it alike
            assert pd.api.types.is_string_dtype(values) and values.map(type).eq(str).all(), column.name


def test_a_files_own_row_or_precision_column_is_kept_beside_ours():
    from utils.actions.load import load_actions

    result = load_actions(b"city,country,row,precision,Placed by\nSeoul,KR,seven,rough,me\n")
    action = result.actions.iloc[0]
    assert action["row"] == 2  # ours: the spreadsheet's row
    assert (action["row_"], action["precision_"], action["Placed by"]) == ("seven", "rough", "me")
    assert "row_" in result.extra_columns and "precision_" in result.extra_columns

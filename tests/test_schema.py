import ast
from pathlib import Path

import pytest

from tests.conftest import REPO
from utils.schema import ACTION_KINDS, COLUMN_NAMES, canonical_column, canonical_kind


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (" Action Kind ", "action_kind"),
        ("ORGANIZATION", "organisations"),
        ("Latitude", "lat"),
        ("State", "region"),
        ("\ufeffid", "id"),
        ("Estimate (low)", None),
    ],
)
def test_headers_match_case_and_space_insensitively(header, column):
    assert canonical_column(header) == column


def test_kinds_are_a_small_controlled_vocabulary():
    assert canonical_kind("Photo-Action") == "photo action"
    assert canonical_kind("rally") == "protest"
    assert canonical_kind("sit-in") is None
    assert "other" in ACTION_KINDS


def test_bundled_file_uses_exactly_the_schema_columns():
    header = (REPO / "data" / "actions.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == COLUMN_NAMES


def test_no_module_under_utils_imports_streamlit():
    for path in Path(REPO / "utils").glob("*.py"):
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
    from utils.schema import ACTION_KINDS, KIND_SYNONYMS

    names = set(ACTION_KINDS) | set(KIND_SYNONYMS)
    paths = [*sorted((REPO / "utils").glob("*.py")), *sorted((REPO / "views").glob("*.py")), REPO / "dashboard.py"]
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
    from utils.mapview import KIND_STYLE, legend_html
    from utils.schema import ACTION_KINDS, KINDS

    assert list(KIND_STYLE) == list(ACTION_KINDS)
    legend = legend_html(ACTION_KINDS)
    for kind in KINDS:
        assert kind.label and kind.letter and kind.colour.startswith("#") and f"</span>{kind.name}</div>" in legend

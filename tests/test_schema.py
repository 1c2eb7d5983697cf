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

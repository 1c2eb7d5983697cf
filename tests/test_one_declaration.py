"""Adding a kind of action is one declaration (plus its translation): a copy of the project with a toy kind added to
`KINDS` reads it from a file, draws it on the map and in the legend with its colour and letter, and names it in
the captions; nothing else is edited."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

TOY_KIND = """    Kind(N_("vigil"), "#0d47a1", "V", synonyms=("candlelight vigil",), in_person=True),
"""

CHECK = r"""
import json, sys
from utils.actions.load import load_actions
from utils.actions.schema import ACTION_KINDS
from utils.map.mapview import build_map, KIND_STYLE
from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions
from utils.view.fields import kind_word
from utils.view.story import captions_of

result = load_actions(b"id,date,action_kind,organisations,city,country,lat,lon\nv1,2019-03-27,Candlelight vigil,KCTU,Seoul,South Korea,37.5,127.0\n")
placed = geocode_actions(result.actions, Geocoder(GeocodeCache(None), None, None))
html = build_map(placed, offline=True).get_root().render()
import utils
print(json.dumps({
    "where": utils.__file__,
    "kinds": list(ACTION_KINDS),
    "read_as": placed["action_kind"].tolist(),
    "problems": [str(problem) for problem in result.problems],
    "style": KIND_STYLE["vigil"],
    "word": kind_word("vigil"),
    "caption": captions_of(placed)[0].text,
    "legend": "vigil" in html and "#0d47a1" in html,
}))
"""


def project_copy(tmp_path: Path) -> Path:
    """The project's code and data, copied: a test changes one declaration there, never in the project."""
    copy = tmp_path / "project"
    shutil.copytree(REPO / "utils", copy / "utils", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copytree(REPO / "data", copy / "data")
    return copy


def run_in(copy: Path, script: str) -> dict:
    """What `script` prints last (JSON), run on the copy's code (it says where its `utils` came from)."""
    done = subprocess.run([sys.executable, "-c", script], cwd=copy, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["where"].startswith(str(copy))  # the copy's code, not the project's
    return found


def test_a_toy_kind_declared_once_is_read_drawn_and_told(tmp_path):
    copy = project_copy(tmp_path)
    schema = copy / "utils" / "actions" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    anchor = '    Kind(N_("other"),'
    assert text.count(anchor) == 1
    schema.write_text(text.replace(anchor, TOY_KIND + anchor), encoding="utf-8")
    found = run_in(copy, CHECK)
    assert "vigil" in found["kinds"] and found["read_as"] == ["vigil"] and found["problems"] == []
    assert found["style"] == ["#0d47a1", "V"] and found["word"] == "vigil"
    assert "vigil" in found["caption"] and found["legend"]


TOY_WORD_CHECK = r"""
import json
import utils
from utils.view.filters import ViewFilter, link_words
view, notes = ViewFilter.from_query({"toy": "abc", "kind": "protest"})
print(json.dumps({
    "where": utils.__file__,
    "toy": view.toy,
    "notes": notes,
    "query": view.to_query(),
    "site": [word["name"] for word in link_words()],
}))
"""


def test_a_toy_link_word_declared_once_is_read_written_and_given_to_the_site(tmp_path):
    """A new word of the link: a field of the view and its word in LINK (utils/view/filters.py), nothing else."""
    copy = project_copy(tmp_path)
    filters = copy / "utils" / "view" / "filters.py"
    text = filters.read_text(encoding="utf-8")
    field, word = '    language: str = ""', '    LinkWord("lang", "language", _read_language, unsaid="en"),\n'
    assert text.count(field) == 1 and text.count(word) == 1
    text = text.replace(field, '    toy: str = ""\n' + field).replace(word, word + '    LinkWord("toy", "toy", _cut(20)),\n')
    filters.write_text(text, encoding="utf-8")
    found = run_in(copy, TOY_WORD_CHECK)
    assert found["toy"] == "abc" and found["notes"] == []
    assert found["query"] == {"kind": ["protest"], "toy": "abc"}
    assert "toy" in found["site"]

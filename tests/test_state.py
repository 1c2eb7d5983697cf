"""What a session remembers is declared once (views/state.py), with its type and default."""

import re

from tests.conftest import REPO
from views import state


def test_no_page_reaches_the_session_by_a_string_key():
    paths = [*sorted((REPO / "views").glob("*.py")), REPO / "dashboard.py"]
    for path in paths:
        if path.name == "state.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "session_state" not in text, f"{path.name} reaches st.session_state itself; use views/state.py"
        names = {key.name for key in vars(state).values() if isinstance(key, state.Key)}
        for literal in re.findall(r"key=\"(\w+)\"", text):
            assert literal not in names, f"{path.name}: key={literal!r} is a session key; write key=state.{literal.upper()}.name"


def test_every_key_is_declared_once_with_what_it_holds():
    keys = [key for key in vars(state).values() if isinstance(key, state.Key)]
    assert len({key.name for key in keys}) == len(keys)
    assert all(key.about for key in keys)

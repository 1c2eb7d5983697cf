"""Templates, scripts and styles as files: the story page, the map's markers and layers."""

from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=32)
def template_text(name: str) -> str:
    """The text of a file in utils/map/templates/."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")

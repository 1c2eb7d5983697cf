"""Keeping people safe: a row marked `protect` is shown no finer than its city (or its country), and names nobody
unless the row says it may. This module reads the cell; utils/places/protect.py coarsens a placed action by it.

The cell: empty (or no, 0, false) is not protected; city (or yes, 1, true, x) shows it no finer than its city;
country no finer than its country; either with `named` ('city named') lets its organisations and people be named.
A cell this cannot read is read as city: a doubt about safety is settled on the safe side, and said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = ("city", "country")  # how coarse a protected action is shown, finer first
NAMED = "named"
YES = frozenset({"yes", "y", "true", "1", "x", "protect", "protected", "oui", "ja", "sí", "si", "sim", "是", "예", "네", "はい"})
NO = frozenset({"", "no", "n", "false", "0", "non", "nein", "não", "否", "아니오", "いいえ", "-"})


@dataclass(frozen=True)
class Protection:
    level: str = ""  # "", or one of LEVELS
    named: bool = False  # whether its organisations and people may be named

    @property
    def cell(self) -> str:
        """As a file writes it: '', 'city', 'country named'."""
        return f"{self.level} {NAMED}" if self.level and self.named else self.level


def read_protect(text: str) -> tuple[Protection, bool]:
    """The protection a cell asks for, and whether it was understood (an unread one is protected at the city)."""
    words = [word for word in re.split(r"[\s,;/+]+", str(text or "").strip().casefold()) if word]
    if " ".join(words) in NO:
        return Protection(), True
    named = NAMED in words or "names" in words
    rest = [word for word in words if word not in (NAMED, "names")]
    levels = [word for word in rest if word in LEVELS]
    understood = all(word in LEVELS or word in YES for word in rest)
    level = "country" if "country" in levels else "city"
    return Protection(level, named), understood

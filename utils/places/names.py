"""One way to compare names, in any script: 'São  Paulo' = 'sao paulo', '서울' stays Korean, 'St. Louis' = 'saint louis'."""

from __future__ import annotations

import re
import unicodedata

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def fold(text: str) -> str:
    """Case and accents folded, punctuation to single spaces, every script kept: 'Organización' -> 'organizacion'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("\ufeff", "").casefold())
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", stripped)).strip()


def name_key(text: str) -> str:
    """A place's name to compare: folded, with 'St.', 'Mt.' and 'Ft.' written out."""
    return re.sub(r"^(st|ste|mt|ft)\b", lambda m: _ABBREVIATIONS[m.group(1)], fold(text))

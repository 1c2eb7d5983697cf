"""The translators' commands, run with Babel: `python -m utils catalogs extract|update|compile|check`.

- extract: every marked text of the code (`words.t`, `words.tn`, `N_`) into utils/i18n/locales/messages.pot;
- update: each language's .po brought in line with it (new texts empty, gone ones dropped);
- compile: each .po into the .mo the app reads (it compiles one in memory when the .mo is missing or older);
- check: what a test also fails on: a text of the code missing from a catalog or left untranslated (or fuzzy),
  a catalog holding a text the code no longer has, a translation whose {names} differ from the original's.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from utils.i18n import DOMAIN, KEYWORDS, LANGUAGES, LOCALES, catalog_path

ROOT = LOCALES.parents[2]  # the project: utils/i18n/locales
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
METHOD_MAP = [("utils/i18n/locales/**", "ignore"), ("utils/**.py", "python"), ("views/**.py", "python"), ("dashboard.py", "python")]
TRANSLATED = [language for language in LANGUAGES if language.code != "en"]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def code_messages() -> dict[str | tuple[str, str], str]:
    """Every text the code marks, as Babel extracts it: msgid (a pair for plurals) -> where it is first seen."""
    found: dict = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        found.setdefault(message, f"{filename}:{line}")
    return found


def _id(message) -> str | tuple[str, str]:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def problems() -> list[str]:
    """What is wrong with the catalogs against the code, one line each; empty when all is well."""
    catalogs: dict[str, Catalog | None] = {}
    for language in TRANSLATED:
        path = catalog_path(language.locale)
        catalogs[language.code] = read_catalog(path, language.locale) if path.exists() else None
    return problems_of(code_messages(), catalogs)


def problems_of(in_code: dict, catalogs: dict[str, Catalog | None]) -> list[str]:
    """The check itself: `in_code` as code_messages gives it, each language's catalog (None when it has none)."""
    said: list[str] = []
    for code, catalog in catalogs.items():
        if catalog is None:
            said.append(f"{code}: no catalog (run: python -m utils catalogs update)")
            continue
        held = {_id(message): message for message in catalog if message.id}
        for message, where in in_code.items():
            if message not in held:
                said.append(f"{code}: {message!r} ({where}) is not in the catalog (run: python -m utils catalogs update)")
        for message_id, message in held.items():
            if message_id not in in_code:
                said.append(f"{code}: {message_id!r} is in the catalog but no longer in the code (stale)")
            elif message.fuzzy or not all(message.string if isinstance(message.string, tuple) else (message.string,)):
                said.append(f"{code}: {message_id!r} is not translated")
            else:
                said += [f"{code}: {message_id!r}: {problem}" for problem in _placeholders(message)]
    return said


def _placeholders(message) -> list[str]:
    originals = message.id if isinstance(message.id, tuple) else (message.id,)
    wanted = set().union(*(PLACEHOLDER.findall(original) for original in originals))
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    said = []
    for string in strings:
        got = set(PLACEHOLDER.findall(string))
        plural_n = {"{n}"} if isinstance(message.id, tuple) else set()  # a language with one form may leave the number out
        if got - wanted or (wanted - got - plural_n):
            said.append(f"the translation's {sorted(got)} differ from the original's {sorted(wanted)}")
    return said


def _babel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *arguments])


def extract() -> None:
    keywords = [f"-k{name}" if spec is None else f"-k{name}:{spec[0]},{spec[1]}" for name, spec in KEYWORDS.items()]
    mapping = ROOT / "babel.cfg"
    _babel("extract", "-F", str(mapping), "--no-location", "--sort-output", "--no-wrap", *keywords, "--project=Solidarity Map",
           "--add-comments=TRANSLATORS:", "-o", str(TEMPLATE), str(ROOT))  # fmt: skip


def update() -> None:
    extract()
    for language in TRANSLATED:
        path = catalog_path(language.locale)
        command = "update" if path.exists() else "init"
        extra = ["--ignore-obsolete", "--no-wrap", "--no-fuzzy-matching"] if command == "update" else ["--no-wrap"]
        _babel(command, "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALES), "-l", language.locale, *extra)


def compile_all() -> None:
    _babel("compile", "-D", DOMAIN, "-d", str(LOCALES), "--statistics")

"""Country names and codes: 'UK', 'The Netherlands', 'South Korea', 'KOR' -> one ISO code."""

from __future__ import annotations

import functools
import gettext
import json
from importlib import resources

import pycountry

from utils.places.names import name_key

# Spellings that pycountry does not know, seen in real files.
ALIASES: dict[str, str] = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "united states of america": "US",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "holland": "NL",
    "the netherlands": "NL",
    "russia": "RU",
    "vietnam": "VN",
    "viet nam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "taiwan": "TW",
    "czech republic": "CZ",
    "czechia": "CZ",
    "kosovo": "XK",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "macau": "MO",
    "macao": "MO",
    "china": "CN",
    "prc": "CN",
    "people s republic of china": "CN",
    "ivory coast": "CI",
    "cape verde": "CV",
    "turkey": "TR",
    "moldova": "MD",
    "palestine": "PS",
    "the philippines": "PH",
    "the gambia": "GM",
    "swaziland": "SZ",
    "burma": "MM",
    "micronesia": "FM",
    "brunei": "BN",
    "east timor": "TL",
    "vatican": "VA",
    "vatican city": "VA",
    "holy see": "VA",
    # what people write in other scripts, where the standard's translation is the formal name
    "россия": "RU",
    "рф": "RU",
    "китай": "CN",
    "кнр": "CN",
    "中國": "CN",
    "中华人民共和国": "CN",
    "中華人民共和國": "CN",
    "韩国": "KR",
    "韓國": "KR",
    "韓国": "KR",
    "南韩": "KR",
    "南韓": "KR",
    "한국": "KR",
    "남한": "KR",
    "朝鲜": "KP",
    "北韓": "KP",
    "북한": "KP",
    "香港": "HK",
    "澳門": "MO",
    "澳门": "MO",
    "台灣": "TW",
    "台湾": "TW",
    "美国": "US",
    "美國": "US",
    "미국": "US",
    "英国": "GB",
    "英國": "GB",
    "영국": "GB",
    "日本": "JP",
    "일본": "JP",
    "菲律宾": "PH",
    "菲律賓": "PH",
    "필리핀": "PH",
}
# Languages whose names for every country are read from the ISO 3166 translations pycountry ships.
NAME_LANGUAGES = (
    "fr",
    "de",
    "es",
    "pt",
    "it",
    "nl",
    "ru",
    "uk",
    "zh_CN",
    "zh_TW",
    "zh_HK",
    "ko",
    "ja",
    "ar",
    "fa",
    "tr",
    "pl",
    "id",
    "vi",
    "th",
    "el",
    "he",
    "hi",
)

# Short names people use, where pycountry's is long ("Korea, Republic of").
SHORT_NAMES: dict[str, str] = {
    "XK": "Kosovo",
    "KR": "South Korea",
    "KP": "North Korea",
    "RU": "Russia",
    "VN": "Vietnam",
    "IR": "Iran",
    "SY": "Syria",
    "TW": "Taiwan",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "LA": "Laos",
    "MD": "Moldova",
    "HK": "Hong Kong",
    "MO": "Macau",
    "CZ": "Czechia",
    "GB": "United Kingdom",
    "US": "United States",
}


@functools.lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code a country name or code stands for, or None."""
    key = name_key(text or "")
    if not key:
        return None
    if key in ALIASES:
        return ALIASES[key]
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        pass
    return _other_spellings().get(key)


@functools.lru_cache(maxsize=1)
def countryinfo_records() -> tuple[dict, ...]:
    """Every country's record in the countryinfo package (names, ISO codes, outline), read once for all who need it."""
    folder = resources.files("countryinfo").joinpath("data")
    return tuple(
        json.loads(entry.read_text(encoding="utf-8")) for entry in sorted(folder.iterdir(), key=str) if entry.name.endswith(".json")
    )


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    return {(info.get("ISO") or {}).get("alpha2", ""): info.get("capital") or "" for info in countryinfo_records()}


def capital(code: str) -> str:
    """A country's capital as countryinfo names it ('DE' -> 'Berlin'); '' when it does not say."""
    return _capitals().get((code or "").upper(), "")


@functools.lru_cache(maxsize=1)
def _other_spellings() -> dict[str, str]:
    """Names in other languages, scripts and spellings ('Suisse', 'Россия', '대한민국', 'المغرب')."""
    spellings: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", ""), getattr(country, "official_name", "")):
            if name:
                spellings.setdefault(name_key(name), country.alpha_2)
    for language in NAME_LANGUAGES:
        try:
            translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]).gettext
        except OSError:
            continue
        for country in pycountry.countries:
            for name in (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")):
                translated = translate(name) if name else ""
                if translated and translated != name:
                    spellings.setdefault(name_key(translated), country.alpha_2)
                    if "(" in translated:  # '大韓民国 (韓国)': the name in brackets is one people use too
                        spellings.setdefault(name_key(translated.split("(")[1].rstrip(")")), country.alpha_2)
    for info in countryinfo_records():
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        names = [info.get("name", ""), info.get("nativeName", ""), *(info.get("altSpellings") or [])]
        names += list((info.get("translations") or {}).values())
        for name in names:
            if isinstance(name, str) and len(name) > 3:
                spellings.setdefault(name_key(name), code)
    return spellings


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """A short English name for an ISO alpha-2 code: 'KR' -> 'South Korea'."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _unspaced(key: str) -> bool:
    """Written without spaces between words (Han, Kana, Hangul): found inside a longer run of text."""
    return any("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uf900" <= char <= "\ufaff" for char in key)


def _russian_cases(name: str) -> set[str]:
    """'Россия' -> 'России', 'Китай' -> 'Китая': the genitive a phrase such as 'посольство России' uses."""
    if name.endswith("ия"):
        return {name[:-1] + "и"}
    if name.endswith("й"):
        return {name[:-1] + "я"}
    if name.endswith(("а", "я")):
        return {name[:-1] + "ы", name[:-1] + "и"}
    return {name + "а"} if name[-1:].isalpha() else set()


@functools.lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Every way of naming a country inside a text: names in every language, English demonyms ('Chinese'),
    Russian genitives; and, apart, the names in scripts written without spaces, longest first."""
    words = {key: code for key, code in _other_spellings().items() if len(key) >= 4 or _unspaced(key)}
    for country in pycountry.countries:
        words.setdefault(name_key(country.name), country.alpha_2)
    by_size = sorted(countryinfo_records(), key=lambda info: -(info.get("population") or 0))
    for info in by_size:  # 'Chinese' is China's, not Macau's: the most populous country keeps a shared demonym
        code, demonym = (info.get("ISO") or {}).get("alpha2"), info.get("demonym")
        if code and demonym:
            words.setdefault(name_key(demonym), code)
    words.update(ALIASES)
    for key, code in list(words.items()):
        if key and all("\u0400" <= char <= "\u04ff" or char == " " for char in key):
            for case in _russian_cases(key.split()[-1]):
                words.setdefault(" ".join([*key.split()[:-1], case]), code)
    unspaced = tuple(sorted(((key, code) for key, code in words.items() if _unspaced(key)), key=lambda item: -len(item[0])))
    return words, unspaced


def countries_in(text: str) -> list[str]:
    """The countries a text names, in the order it names them, each once:
    'Chinese embassy in Seoul' -> ['CN'], 'посольство России' -> ['RU'], '中国驻韩国大使馆' -> ['CN', 'KR']."""
    words, unspaced = _words()
    found: list[tuple[int, str]] = []
    tokens = name_key(text).split()
    i = 0
    while i < len(tokens):
        for n in range(min(6, len(tokens) - i), 0, -1):
            code = words.get(" ".join(tokens[i : i + n]))
            if code:
                found.append((i * 1000, code))
                i += n
                break
        else:
            token = tokens[i]
            if _unspaced(token):
                taken = [False] * len(token)
                for key, code in unspaced:
                    start = token.find(key)
                    while start >= 0:
                        if not any(taken[start : start + len(key)]):
                            found.append((i * 1000 + start, code))
                            taken[start : start + len(key)] = [True] * len(key)
                        start = token.find(key, start + 1)
            i += 1
    codes: list[str] = []
    for _, code in sorted(found):
        if code not in codes:
            codes.append(code)
    return codes

"""The columns of an actions file, their types and the kinds of action: one place.

An actions file needs at least one column that says where an action happened
(`place`, `city` or `country`); every other column is optional. Column names
match case- and space-insensitively, and a few common aliases are understood
(`Organization`, `State`, `Latitude`, ...). Columns we do not know are kept
as they are and shown, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from utils.i18n import N_
from utils.names import fold

# What a column's kind means, in the loader (how a cell is read) and in every file we write (how it is written).
COLUMN_KINDS: dict[str, str] = {
    "id": "text, unique; made up from the row when absent",
    "date": "a day, read in many forms, written YYYY-MM-DD; empty when unknown",
    "kind": "one of the kinds of action (KINDS), synonyms understood",
    "text": "plain text, kept as written (a formula-like cell is kept as text and said)",
    "number": "a decimal number; empty when unknown",
    "integer": "a whole number; empty when unknown",
    "row": "the row number as a spreadsheet shows it, always present",
}
# Who fills a column: the file (read by the loader), the loader itself, or the geocoder.
COLUMN_SOURCES = ("file", "loader", "geocoder")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of COLUMN_KINDS
    description: str
    aliases: tuple[str, ...] = ()  # other names for it, in English, French, German, Spanish, Portuguese, Chinese and Korean
    label: str = ""  # the column in plain words, as a person mapping a file reads it
    source: str = "file"  # one of COLUMN_SOURCES


COLUMNS: tuple[Column, ...] = (
    Column(
        "id", "id", N_("Stable unique identifier; made up from the row when absent."), ("action_id", "identifiant", "kennung"), N_("Id")
    ),
    Column(
        "date",
        "date",
        N_("Day of the action (YYYY-MM-DD); empty for an undated action."),
        ("day", "start_date", "event_date", "datum", "fecha", "data", "jour", "dia", "date_debut", "datum_von", "日期", "날짜", "일자"),
        N_("When (the day)"),
    ),
    Column(
        "date_end",
        "date",
        N_("Last day, for an action that spans days."),
        ("end_date", "until", "date_fin", "bis", "fecha_fin", "data_fim"),
        N_("Until"),
    ),
    Column(
        "action_kind",
        "kind",
        N_("Kind of action, from ACTION_KINDS."),
        (
            "kind",
            "type",
            "action_type",
            "event_type",
            "action",
            "art",
            "tipo",
            "type_action",
            "aktion",
            "accion",
            "acao",
            "类型",
            "類型",
            "유형",
            "종류",
        ),
        N_("What kind of action"),
    ),
    Column(
        "organisations",
        "text",
        N_("Organisations taking part, separated by ';'."),
        (
            "organisation",
            "organization",
            "organizations",
            "org",
            "orgs",
            "union",
            "unions",
            "group",
            "organisateur",
            "organisateurs",
            "syndicat",
            "syndicats",
            "veranstalter",
            "organisator",
            "gewerkschaft",
            "organizador",
            "organizadores",
            "sindicato",
            "sindicatos",
            "organizacao",
            "organizacoes",
            "organisations_participantes",
            "orgname",
            "organisers",
            "organizers",
            "组织",
            "組織",
            "团体",
            "團體",
            "단체",
            "주최",
        ),
        N_("Who (organisations)"),
    ),
    Column(
        "place",
        "text",
        N_("What to geocode: a venue such as 'Embassy of China, Seoul', or a city."),
        (
            "venue",
            "location",
            "address",
            "site",
            "lieu",
            "adresse",
            "ort",
            "lugar",
            "direccion",
            "local",
            "endereco",
            "地点",
            "地點",
            "地址",
            "장소",
            "주소",
        ),
        N_("Where: place or venue"),
    ),
    Column(
        "city",
        "text",
        N_("City or town."),
        (
            "town",
            "municipality",
            "locality",
            "city_st",
            "city_state",
            "resolved_locality",
            "ville",
            "commune",
            "stadt",
            "gemeinde",
            "ciudad",
            "cidade",
            "municipio",
            "城市",
            "도시",
        ),
        N_("Where: city"),
    ),
    Column(
        "region",
        "text",
        N_("State, province or region (helps tell namesakes apart)."),
        (
            "state",
            "province",
            "county",
            "resolved_state",
            "departement",
            "bundesland",
            "provincia",
            "estado",
            "comunidad",
            "distrito",
            "省",
            "州",
            "지역",
            "시도",
        ),
        N_("Where: region or state"),
    ),
    Column(
        "country",
        "text",
        N_("Country, as a name or an ISO code."),
        ("nation", "pays", "land", "staat", "pais", "国家", "國家", "国", "나라", "국가"),
        N_("Where: country"),
    ),
    Column(
        "country_code", "text", N_("The country's ISO 3166 code, read from the country or the place."), (), N_("Country code"), "loader"
    ),
    Column(
        "lat",
        "number",
        N_("Latitude in degrees, a manual override of geocoding."),
        ("latitude", "breite", "breitengrad", "latitud"),
        N_("Latitude"),
    ),
    Column(
        "lon",
        "number",
        N_("Longitude in degrees, a manual override of geocoding."),
        ("lng", "long", "longitude", "lange", "langengrad", "longitud"),
        N_("Longitude"),
    ),
    Column(
        "participants",
        "integer",
        N_("How many took part (or signed), as a number."),
        (
            "count",
            "people",
            "size",
            "size_mean",
            "attendance",
            "teilnehmer",
            "teilnehmende",
            "participantes",
            "nombre_participants",
            "effectif",
            "人数",
            "인원",
            "참가자",
        ),
        N_("How many (a number)"),
    ),
    Column(
        "participants_text",
        "text",
        N_("The source's own wording of the count, such as 'about 30'."),
        ("size_text",),
        N_("How many, in the source's words"),
    ),
    Column(
        "target",
        "text",
        N_("Whom the action addressed: an embassy, the ACFTU, the Prime Minister."),
        ("addressee", "recipient", "cible", "ziel", "destinatario", "alvo", "对象", "對象", "대상"),
        N_("Addressed to"),
    ),
    Column(
        "description",
        "text",
        N_("What happened, in a sentence or two."),
        (
            "summary",
            "notes",
            "details",
            "beschreibung",
            "descripcion",
            "descricao",
            "resume",
            "bemerkung",
            "observaciones",
            "描述",
            "说明",
            "說明",
            "내용",
            "설명",
        ),
        N_("What happened"),
    ),
    Column(
        "source",
        "text",
        N_("Document name or URL the facts come from."),
        ("url", "link", "reference", "eventurl", "event_url", "source_1", "quelle", "fuente", "fonte", "来源", "來源", "출처"),
        N_("Source"),
    ),
    Column("precision", "text", N_("How precisely it is placed: exact, venue, city, region or country."), (), N_("Precision"), "geocoder"),
    Column("geo_source", "text", N_("What placed it: manual, cache, embassies, gazetteer or nominatim."), (), N_("Placed by"), "geocoder"),
    Column("geo_label", "text", N_("The place it was put at, by name."), (), N_("Placed at"), "geocoder"),
    Column(
        "geo_note",
        "text",
        N_("What the geocoder noticed: a namesake, a guess, a place it could not find."),
        (),
        N_("Placing note"),
        "geocoder",
    ),
    Column(
        "geo_origin", "text", N_("Where the position comes from (a Wikidata item, a GeoNames id)."), (), N_("Position from"), "geocoder"
    ),
    Column("unplaced_reason", "text", N_("Why it is not on the map; empty when it is."), (), N_("Why not on the map"), "geocoder"),
    Column("row", "row", N_("The row of the file it was read from (the header is row 1)."), (), N_("Row"), "loader"),
)

# The one list of columns, in the order every file we write has them; the views below are read from it.
ALL_COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
# The columns a file may have (what a mapping can choose from), in their order.
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.source == "file")
# The columns of every loaded action: the file's and the loader's.
LOADED_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.source in ("file", "loader"))
# The columns the geocoder fills in (a position given in the file is kept in lat and lon).
PLACED_COLUMNS: tuple[str, ...] = ("lat", "lon", *(column.name for column in COLUMNS if column.source == "geocoder"))
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
LABELS: dict[str, str] = {column.name: column.label or column.name for column in COLUMNS}


def columns_of_kind(kind: str, names: tuple[str, ...] = ALL_COLUMN_NAMES) -> tuple[str, ...]:
    """The columns among `names` whose kind is `kind` ('date' -> date, date_end)."""
    return tuple(name for name in names if BY_NAME[name].kind == kind)


# A file must say where its actions happened in at least one of these columns.
LOCATION_COLUMNS: tuple[str, ...] = ("place", "city", "country")


@dataclass(frozen=True)
class Kind:
    """A kind of action, defined once: the loader, the map and its legend, the charts, the story and the
    geocoder read it from here."""

    name: str
    label: str  # in plain words, for people
    colour: str  # its markers and bars (WCAG AA on white, tested)
    letter: str  # on its markers
    synonyms: tuple[str, ...] = ()  # other words a file uses for it
    in_person: bool = False  # done somewhere: its target or description may say where (an embassy)
    written: bool = False  # addressed to someone: captioned 'letter to the ACFTU'
    sent_from: bool = False  # placed where its text says it was sent from ('Letter dated Rome')
    counts: str = "people"  # what its number counts: "people", or "signatures" for a petition
    frame: bool = False  # frames a campaign (the action week): a band on the timeline, never counted as an action
    phrases: tuple[str, ...] = ()  # how a report's prose says it ('marched', 'took pictures'): what utils/extract.py reads


KINDS: tuple[Kind, ...] = (
    Kind(
        "protest",
        "Protest",
        "#c62828",
        "P",
        ("demonstration", "rally", "vigil", "picket", "embassy protest"),
        in_person=True,
        phrases=(
            "protest",
            "gathered",
            "rally",
            "rallied",
            "demonstrat",
            "picket",
            "vigil",
            "sit-in",
            "rassembl",
            "manifest",
            "concentra",
            "protesta",
        ),
    ),
    Kind("march", "March", "#b45309", "M", ("parade",), in_person=True, phrases=("marched", "march ", "marching", "marcha", "défil")),
    Kind(
        "photo action",
        "Photo action",
        "#6a1b9a",
        "Ph",
        ("photo", "photo op", "photograph", "photos"),
        in_person=True,
        phrases=("took pictures", "took photos", "photo action", "photographs", "fotos", "photos"),
    ),
    Kind(
        "letter",
        "Letter",
        "#1565c0",
        "L",
        ("open letter", "email"),
        written=True,
        sent_from=True,
        phrases=("wrote to", "letter", "written to", "lettre", "carta", "escribi"),
    ),
    Kind(
        "petition",
        "Petition",
        "#00717b",
        "Pe",
        ("signatures", "online petition"),
        written=True,
        counts="signatures",
        phrases=("petition", "signatures", "pétition", "petición", "firmas"),
    ),
    Kind(
        "statement",
        "Statement",
        "#2e7d32",
        "St",
        ("press release", "declaration"),
        written=True,
        sent_from=True,
        phrases=("statement", "press release", "communiqué", "comunicado"),
    ),
    Kind(
        "call to action",
        "Call to action",
        "#5d4037",
        "C",
        ("action week", "week of action", "global action week", "day of action", "call", "campaign"),
        frame=True,
        phrases=(
            "action week",
            "week of action",
            "day of action",
            "days of action",
            "global action",
            "strike week",
            "semaine d'action",
            "semana de acción",
        ),
    ),
    Kind("other", "Other", "#546e7a", "O"),
)
KIND: dict[str, Kind] = {kind.name: kind for kind in KINDS}
# Each kind as a person reads it, marked for the catalogs (utils/i18n.py): the data's own value stays the key.
KIND_WORDS: dict[str, str] = {
    "protest": N_("protest"),
    "march": N_("march"),
    "photo action": N_("photo action"),
    "letter": N_("letter"),
    "petition": N_("petition"),
    "statement": N_("statement"),
    "call to action": N_("call to action"),
    "other": N_("other"),
}
ACTION_KINDS: tuple[str, ...] = tuple(KIND)
KIND_SYNONYMS: dict[str, str] = {synonym: kind.name for kind in KINDS for synonym in kind.synonyms}
# Kinds that frame a campaign rather than report one action (the global action week):
# drawn as a band on the timeline and named in the heading, never counted as an action.
FRAME_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.frame)
IN_PERSON_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.in_person)
WRITTEN_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.written)
SENT_FROM_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.sent_from)
SIGNATURE_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.counts == "signatures")

# Columns the loader adds to every action (declared in COLUMNS with source "loader").
ROW_COLUMN = "row"  # the row number as the spreadsheet shows it (header is row 1)
COUNTRY_CODE_COLUMN = "country_code"


def normalise_name(text: str) -> str:
    """'  Action Kind ' -> 'action_kind'; 'Organización' -> 'organizacion'; '城市' stays '城市'."""
    return fold(text).replace(" ", "_")


_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    if _column.source != "file":  # a file's 'precision' or 'row' column is its own, kept as an extra
        continue
    _ALIASES[normalise_name(_column.name)] = _column.name
    for _alias in _column.aliases:
        _ALIASES[normalise_name(_alias)] = _column.name


def canonical_column(header: str) -> str | None:
    """The schema column a header names, or None for a column we do not know."""
    return _ALIASES.get(normalise_name(header))


ORGANISATION_SEPARATOR = ";"


def organisation_names(cell: object) -> list[str]:
    """'HKCTU; Globalization Monitor' -> ['HKCTU', 'Globalization Monitor']."""
    return [name.strip() for name in str(cell or "").split(ORGANISATION_SEPARATOR) if name.strip()]


def canonical_kind(text: str) -> str | None:
    """'Photo-Action' -> 'photo action'; None when the text names no known kind."""
    key = re.sub(r"[\s_\-]+", " ", text.strip().casefold())
    if key in ACTION_KINDS:
        return key
    return KIND_SYNONYMS.get(key)

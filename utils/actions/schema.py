"""The columns of an actions file, their types and the kinds of action: one place.

An actions file needs at least one column that says where an action happened
(`place`, `city` or `country`); every other column is optional. Column names
match case- and space-insensitively, and a few common aliases are understood
(`Organization`, `State`, `Latitude`, ...). Columns we do not know are kept
as they are and shown, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from utils.i18n import N_, Words
from utils.places.names import fold

# What a column's kind means, in the loader (how a cell is read) and in every file we write (how it is written).
COLUMN_KINDS: dict[str, str] = {
    "id": "text, unique; made up from the row when absent",
    "date": "a day, read in many forms, written YYYY-MM-DD; empty when unknown",
    "kind": "one of the kinds of action (KINDS), synonyms understood",
    "text": "plain text, kept as written (a formula-like cell is kept as text and said)",
    "number": "a decimal number; empty when unknown",
    "integer": "a whole number; empty when unknown",
    "row": "the row number as a spreadsheet shows it, always present",
    "protect": "how finely it may be shown: city or country (yes: city), with 'named' if its organisations may be named",
}
# Who fills a column: the file (read by the loader), the loader itself, the geocoder, or the photo shelf.
COLUMN_SOURCES = ("file", "loader", "geocoder", "photos")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of COLUMN_KINDS
    description: str
    aliases: tuple[str, ...] = ()  # other names for it, in the campaign languages (utils/actions/dates.py DATE_LOCALES)
    label: str = ""  # the column in plain words: its one label, on a card, a table's and a CSV's head, the mapping, the forms
    source: str = "file"  # one of COLUMN_SOURCES


COLUMNS: tuple[Column, ...] = (
    Column(
        "id", "id", N_("Stable unique identifier; made up from the row when absent."), ("action_id", "identifiant", "kennung"), N_("Id")
    ),
    Column(
        "date",
        "date",
        N_("Day of the action (YYYY-MM-DD); empty for an undated action."),
        (
            "day",
            "start_date",
            "event_date",
            "datum",
            "fecha",
            "data",
            "jour",
            "dia",
            "date_debut",
            "datum_von",
            "日期",
            "날짜",
            "일자",
            "التاريخ",
            "تاريخ",
            "日付",
            "開催日",
            "日時",
            "时间",
            "時間",
            "일시",
            "giorno",
            "dag",
            "tanggal",
            "hari",
            "petsa",
            "fecha_de_la_accion",
        ),
        N_("Date"),
    ),
    Column(
        "date_end",
        "date",
        N_("Last day, for an action that spans days."),
        (
            "end_date",
            "until",
            "date_fin",
            "bis",
            "fecha_fin",
            "data_fim",
            "تاريخ_الانتهاء",
            "data_fine",
            "einddatum",
            "tanggal_selesai",
            "结束日期",
            "結束日期",
            "終了日",
            "종료일",
        ),
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
            "نوع",
            "النوع",
            "نوع_النشاط",
            "نوع_الفعالية",
            "الشكل",
            "形式",
            "種類",
            "種別",
            "tipologia",
            "soort",
            "jenis",
            "jenis_aksi",
            "bentuk",
            "uri",
        ),
        N_("Kind"),
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
            "المنظمون",
            "المنظم",
            "الجهة_المنظمة",
            "النقابة",
            "主办",
            "主辦",
            "工会",
            "工會",
            "団体",
            "主催",
            "組合",
            "노조",
            "organizzazione",
            "organizzazioni",
            "organizzatori",
            "organisatie",
            "organisaties",
            "vakbond",
            "organisasi",
            "serikat",
            "serikat_pekerja",
            "penyelenggara",
            "samahan",
        ),
        N_("Organisations"),
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
            "المكان",
            "مكان",
            "الموقع",
            "العنوان",
            "مكان_الوقفة",
            "場所",
            "会場",
            "住所",
            "luogo",
            "indirizzo",
            "sede",
            "locatie",
            "plaats",
            "adres",
            "lokasi",
            "tempat",
            "alamat",
            "lugar_ng_aksyon",
        ),
        N_("Place"),
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
            "المدينة",
            "مدينة",
            "都市",
            "市区町村",
            "città",
            "stad",
            "kota",
            "lungsod",
        ),
        N_("City"),
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
            "الإقليم",
            "المنطقة",
            "العمالة",
            "الولاية",
            "الجهة",
            "都道府県",
            "地域",
            "地区",
            "地區",
            "regione",
            "provincie",
            "regio",
            "provinsi",
            "wilayah",
            "lalawigan",
        ),
        N_("Region"),
    ),
    Column(
        "country",
        "text",
        N_("Country, as a name or an ISO code."),
        (
            "nation",
            "pays",
            "land",
            "staat",
            "pais",
            "国家",
            "國家",
            "国",
            "나라",
            "국가",
            "البلد",
            "الدولة",
            "بلد",
            "paese",
            "nazione",
            "negara",
            "bansa",
        ),
        N_("Country"),
    ),
    Column(
        "country_code", "text", N_("The country's ISO 3166 code, read from the country or the place."), (), N_("Country code"), "loader"
    ),
    Column(
        "lat",
        "number",
        N_("Latitude in degrees, a manual override of geocoding."),
        ("latitude", "breite", "breitengrad", "latitud", "خط_العرض", "緯度", "纬度", "위도", "latitudine", "breedtegraad", "lintang"),
        N_("Latitude"),
    ),
    Column(
        "lon",
        "number",
        N_("Longitude in degrees, a manual override of geocoding."),
        (
            "lng",
            "long",
            "longitude",
            "lange",
            "langengrad",
            "longitud",
            "خط_الطول",
            "経度",
            "经度",
            "經度",
            "경도",
            "longitudine",
            "lengtegraad",
            "bujur",
        ),
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
            "عدد_المشاركين",
            "العدد",
            "المشاركون",
            "参加者数",
            "参与人数",
            "參與人數",
            "参加人数",
            "partecipanti",
            "deelnemers",
            "aantal",
            "peserta",
            "jumlah",
            "jumlah_peserta",
            "kalahok",
        ),
        N_("Taking part"),
    ),
    Column(
        "participants_text",
        "text",
        N_("The source's own wording of the count, such as 'about 30'."),
        ("size_text",),
        N_("Taking part, in words"),
    ),
    Column(
        "target",
        "text",
        N_("Whom the action addressed: an embassy, the ACFTU, the Prime Minister."),
        (
            "addressee",
            "recipient",
            "cible",
            "ziel",
            "destinatario",
            "alvo",
            "对象",
            "對象",
            "대상",
            "الجهة_المستهدفة",
            "المستهدف",
            "宛先",
            "対象",
            "ontvanger",
            "sasaran",
            "tujuan",
        ),
        N_("Target"),
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
            "الوصف",
            "وصف",
            "ملاحظات",
            "تفاصيل",
            "説明",
            "内容",
            "內容",
            "概要",
            "備考",
            "备注",
            "備註",
            "descrizione",
            "note_e_descrizione",
            "beschrijving",
            "omschrijving",
            "opmerkingen",
            "deskripsi",
            "keterangan",
            "catatan",
            "paglalarawan",
        ),
        N_("What happened"),
    ),
    Column(
        "source",
        "text",
        N_("Document name or URL the facts come from."),
        (
            "url",
            "link",
            "reference",
            "eventurl",
            "event_url",
            "source_1",
            "quelle",
            "fuente",
            "fonte",
            "来源",
            "來源",
            "출처",
            "المصدر",
            "رابط",
            "出典",
            "出所",
            "リンク",
            "bron",
            "sumber",
            "tautan",
            "pinagmulan",
        ),
        N_("Source"),
    ),
    Column(
        "photo",
        "text",
        N_(
            "Photos of the action, separated by ';': file names beside the file (or in its photos folder), or links. The "
            "card shows the app's own cleaned copy (the server fetches a link once); a visitor's browser never fetches "
            "another site's image unless the operator allows it."
        ),
        ("photos", "image", "images", "picture", "pictures", "foto", "fotos", "bild", "bilder", "사진", "照片", "相片", "写真"),
        N_("Photo"),
    ),
    Column(
        "photo_alt",
        "text",
        N_("What the photos show, for those who cannot see them."),
        ("alt", "alt_text", "image_alt"),
        N_("What the photo shows"),
    ),
    Column("photo_credit", "text", N_("Who took the photos."), ("credit", "photo_by", "photographer", "image_credit"), N_("Photo by")),
    Column(
        "protect",
        "protect",
        N_(
            "For the safety of those taking part: city or country (yes: city) shows it no finer than that and names "
            "nobody; add 'named' (city named) when its organisations may be named. Empty: as precisely as known."
        ),
        ("protected", "safety", "sensitive", "schutz", "protéger", "protection", "proteger", "보호", "保護", "保护"),
        N_("Safety"),
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
        "geo_doubt",
        "text",
        N_("Why a person should check its place: fuzzy (a name read as a near one) or ambiguous (several places so named)."),
        (),
        N_("To check"),
        "geocoder",
    ),
    Column(
        "geo_origin", "text", N_("Where the position comes from (a Wikidata item, a GeoNames id)."), (), N_("Position from"), "geocoder"
    ),
    Column("unplaced_reason", "text", N_("Why it is not on the map; empty when it is."), (), N_("Why not on the map"), "geocoder"),
    Column(
        "photo_shown",
        "text",
        N_("The photos its card draws, in its photo cell's order: the app's own cleaned copies; empty when it has none to draw."),
        (),
        N_("Photos shown"),
        "photos",
    ),
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


def column_label(name: str, words: Words) -> str:
    """A column's one label in the chosen language ('Taking part', '참여'); a name we do not know, as it is."""
    return words.t(LABELS[name]) if name in LABELS else name


def columns_of_kind(kind: str, names: tuple[str, ...] = ALL_COLUMN_NAMES) -> tuple[str, ...]:
    """The columns among `names` whose kind is `kind` ('date' -> date, date_end)."""
    return tuple(name for name in names if BY_NAME[name].kind == kind)


# A file must say where its actions happened in at least one of these columns.
LOCATION_COLUMNS: tuple[str, ...] = ("place", "city", "country")


@dataclass(frozen=True)
class Kind:
    """A kind of action, defined once: the loader, the map and its legend, the charts, the story and the
    geocoder read it from here."""

    name: str  # in the data, and (marked with N_) the word translated for people
    colour: str  # its markers and bars (WCAG AA on white, tested)
    letter: str  # on its markers
    synonyms: tuple[str, ...] = ()  # other words a file uses for it
    in_person: bool = False  # done somewhere: its target or description may say where (an embassy)
    written: bool = False  # addressed to someone: captioned 'letter to the ACFTU'
    sent_from: bool = False  # placed where its text says it was sent from ('Letter dated Rome')
    counts: str = "people"  # what its number counts: "people", or "signatures" for a petition
    frame: bool = False  # frames a campaign (the action week): a band on the timeline, never counted as an action
    phrases: tuple[str, ...] = ()  # how a report's prose says it ('marched', 'took pictures'): what utils/extract/drafts.py reads


KINDS: tuple[Kind, ...] = (
    Kind(
        N_("protest"),
        "#c62828",
        "P",
        (
            "demonstration",
            "rally",
            "vigil",
            "picket",
            "embassy protest",
            "sit-in",
            "manifestation",
            "rassemblement",
            "chahut",
            "casserolade",
            "piquet",
            "mobilisation",
            "concentración",
            "manifestación",
            "protesta",
            "plantón",
            "ato",
            "protesto",
            "manifestação",
            "vigília",
            "Kundgebung",
            "Demo",
            "Mahnwache",
            "Protestaktion",
            "presidio",
            "manifestazione",
            "sit in",
            "betoging",
            "demonstratie",
            "protestactie",
            "manifestatie",
            "wake",
            "aksi",
            "unjuk rasa",
            "demonstrasi",
            "aksi massa",
            "kilos-protesta",
            "rali",
            "집회",
            "시위",
            "규탄 집회",
            "1인 시위",
            "集會",
            "集会",
            "抗議",
            "抗议",
            "示威",
            "抗議集会",
            "抗議行動",
            "デモ",
            "وقفة احتجاجية",
            "وقفة",
            "احتجاج",
            "مظاهرة",
            "تظاهرة",
            "اعتصام",
            "وقفة تضامنية",
        ),
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
    Kind(
        N_("march"),
        "#b45309",
        "M",
        (
            "parade",
            "marche",
            "défilé",
            "cortège",
            "marcha",
            "passeata",
            "Demonstrationszug",
            "Marsch",
            "corteo",
            "optocht",
            "protestmars",
            "long march",
            "pawai",
            "long march",
            "martsa",
            "행진",
            "游行",
            "遊行",
            "デモ行進",
            "مسيرة",
            "مسيرة احتجاجية",
        ),
        in_person=True,
        phrases=("marched", "march ", "marching", "marcha", "défil"),
    ),
    Kind(
        N_("photo action"),
        "#6a1b9a",
        "Ph",
        (
            "photo",
            "photo op",
            "photograph",
            "photos",
            "action photo",
            "photo-action",
            "foto",
            "fotos",
            "Fotoaktion",
            "acción fotográfica",
            "ação fotográfica",
            "azione fotografica",
            "fotoactie",
            "aksi foto",
            "selfie",
            "사진 행동",
            "인증샷",
            "照片行动",
            "照片行動",
            "写真行動",
            "写真アクション",
            "صورة",
            "صور",
            "حملة صور",
        ),
        in_person=True,
        phrases=("took pictures", "took photos", "photo action", "photographs", "fotos", "photos"),
    ),
    Kind(
        N_("letter"),
        "#1565c0",
        "L",
        (
            "open letter",
            "email",
            "lettre",
            "lettre ouverte",
            "courrier",
            "carta",
            "carta abierta",
            "carta aberta",
            "Brief",
            "offener Brief",
            "lettera",
            "lettera aperta",
            "brief",
            "open brief",
            "surat",
            "surat terbuka",
            "liham",
            "서한",
            "편지",
            "공개서한",
            "信",
            "信函",
            "公开信",
            "公開信",
            "書簡",
            "手紙",
            "رسالة",
            "رسالة مفتوحة",
            "مراسلة",
        ),
        written=True,
        sent_from=True,
        phrases=("wrote to", "letter", "written to", "lettre", "carta", "escribi"),
    ),
    Kind(
        N_("petition"),
        "#00717b",
        "Pe",
        (
            "signatures",
            "online petition",
            "pétition",
            "petición",
            "recogida de firmas",
            "petição",
            "abaixo-assinado",
            "Unterschriften",
            "petizione",
            "petitie",
            "petisi",
            "청원",
            "서명",
            "서명운동",
            "请愿",
            "請願",
            "联署",
            "聯署",
            "署名",
            "署名活動",
            "عريضة",
        ),
        written=True,
        counts="signatures",
        phrases=("petition", "signatures", "pétition", "petición", "firmas"),
    ),
    Kind(
        N_("statement"),
        "#2e7d32",
        "St",
        (
            "press release",
            "declaration",
            "communiqué",
            "déclaration",
            "comunicado",
            "declaración",
            "declaração",
            "Erklärung",
            "Stellungnahme",
            "Pressemitteilung",
            "comunicato",
            "dichiarazione",
            "verklaring",
            "persbericht",
            "pernyataan",
            "siaran pers",
            "pahayag",
            "성명",
            "성명서",
            "声明",
            "聲明",
            "声明文",
            "بيان",
            "بلاغ",
        ),
        written=True,
        sent_from=True,
        phrases=("statement", "press release", "communiqué", "comunicado"),
    ),
    Kind(
        N_("call to action"),
        "#5d4037",
        "C",
        (
            "action week",
            "week of action",
            "global action week",
            "day of action",
            "call",
            "campaign",
            "appel",
            "convocatoria",
            "Aufruf",
            "appello",
            "oproep",
            "seruan",
            "호소",
            "呼吁",
            "呼籲",
            "呼びかけ",
            "نداء",
        ),
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
    Kind(N_("other"), "#546e7a", "O"),
)
KIND: dict[str, Kind] = {kind.name: kind for kind in KINDS}
ACTION_KINDS: tuple[str, ...] = tuple(KIND)


def kind_key(text: str) -> str:
    """A kind's word to compare: 'Photo-Action' and 'photo action', 'Pétition' and 'petition' are one."""
    return fold(text)


KIND_SYNONYMS: dict[str, str] = {kind_key(synonym): kind.name for kind in KINDS for synonym in (kind.name, *kind.synonyms)}
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
    """'Photo-Action' -> 'photo action', 'Kundgebung' and 'وقفة احتجاجية' -> 'protest'; None when the text names no
    known kind."""
    return KIND_SYNONYMS.get(kind_key(text))

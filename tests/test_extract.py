"""From a campaign's report to draft rows (utils/extract/drafts.py): the two seed texts, whose answer is the bundled
data, and reports written in the style of other campaigns."""

import csv
import datetime as dt
import math
import subprocess
import sys

import pytest

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.extract.drafts import DRAFT_COLUMNS, Extractor, sentences
from utils.places.countries import country_code
from utils.places.gazetteer import Gazetteer

REPORTS = REPO / "tests" / "data" / "reports"


@pytest.fixture(scope="module")
def extractor(gazetteer_dir):
    return Extractor(gazetteer=Gazetteer.open(gazetteer_dir))


def drafts(extractor, name: str, as_of: dt.date, language: str = "en"):
    return extractor.drafts((REPORTS / name).read_text(encoding="utf-8"), as_of, language)


def km(one: tuple[float, float], other: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*one, *other))
    return (
        6371
        * 2
        * math.asin(math.sqrt(math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2))
    )


def same_place(gazetteer, draft, answer) -> bool:
    """The same country, and a city within 30 km when the answer names one (Makati is in Manila); no place for none."""
    code = country_code(draft.country) if draft.country else ""
    if not answer["country_code"]:
        return not code and not draft.city
    if code != answer["country_code"]:
        return False
    if not answer["city"]:
        return True
    here, there = gazetteer.position(draft.city, code), gazetteer.position(answer["city"], code)
    return bool(here and there and km(here, there) < 30)


def test_the_seed_texts_give_the_bundled_actions(extractor):
    found = drafts(extractor, "hkctu_round_up_2019.txt", dt.date(2019, 4, 2)) + drafts(
        extractor, "fim_cisl_letter_2018.txt", dt.date(2019, 4, 2)
    )
    answers = load_actions(REPO / "data" / "actions.csv").actions.to_dict("records")
    day = lambda value: "" if value is None or value != value else value.date().isoformat()  # noqa: E731
    right = []
    for answer in answers:
        for draft in found:
            if (
                draft.action_kind == answer["action_kind"]
                and draft.date == day(answer["date"])
                and draft.date_end == day(answer["date_end"])
                and same_place(extractor.gazetteer, draft, answer)
            ):
                right.append(answer["id"])
                break
    assert len(right) >= 7, f"right: {right}"
    assert len(found) == 9  # one draft per action: no more, no fewer


def test_context_is_not_an_action_and_what_is_missing_is_said(extractor):
    found = drafts(extractor, "hkctu_round_up_2019.txt", dt.date(2019, 4, 2))
    assert not any(draft.evidence[0].startswith("Since the Jasic") for draft in found)
    letter = next(draft for draft in found if draft.action_kind == "letter")
    assert (
        letter.organisations == "Clean Clothes Campaign East Asia"
        and letter.date == ""
        and "no date in the text: left empty" in letter.notes
    )
    assert letter.country == ""  # the East Asia branch: the Netherlands of the sentence before is not its place
    seoul = next(draft for draft in found if draft.city == "Seoul")
    assert seoul.date == "2019-03-26" and seoul.place == "Embassy of China, Seoul"  # 'On the same day' and the embassy list
    assert (seoul.participants, seoul.participants_text) == ("15", "15 members")
    assert any("15 members gathered in front of the Chinese embassy in Seoul" in sentence for sentence in seoul.evidence)
    petition = next(draft for draft in found if draft.action_kind == "petition")
    assert (petition.date, petition.date_end, petition.participants) == ("", "2019-04-01", "8121")  # two sentences, one petition


def test_a_letter_is_sent_from_its_dateline(extractor):
    (letter,) = drafts(extractor, "fim_cisl_letter_2018.txt", dt.date(2019, 4, 2))
    assert (letter.action_kind, letter.date, letter.city, letter.country) == ("letter", "2018-09-19", "Rome", "Italy")
    assert "industriAll European Trade Union" in letter.organisations
    assert letter.target == "Chairman Wang Dongming, All-China Federation of Trade Union"


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        (
            "strike_round_up.txt",
            "en",
            [("2022-05-04", "march", "Liverpool", "200"), ("2022-05-04", "protest", "Hamburg", "60"), ("2022-05-06", "letter", "", "")],
        ),
        (
            "climate_strike_list.txt",
            "en",
            [("2019-09-20", "march", "Lisbon", "300"), ("2019-09-20", "protest", "Nairobi", "50"), ("2019-09-27", "march", "Montreal", "")],
        ),
        ("rassemblement_fr.txt", "fr", [("2019-03-26", "protest", "Paris", "")]),
        ("concentracion_es.txt", "es", [("2019-03-27", "protest", "Madrid", "25")]),
    ],
)
def test_reports_in_the_style_of_other_campaigns(extractor, name, language, expected):
    found = drafts(extractor, name, dt.date(2023, 1, 1), language)
    assert [(draft.date, draft.action_kind, draft.city, draft.participants) for draft in found] == expected
    assert all(draft.organisations for draft in found)


def test_embassies_in_other_languages_are_placed_at_the_embassy(extractor):
    (french,) = drafts(extractor, "rassemblement_fr.txt", dt.date(2023, 1, 1), "fr")
    assert french.place == "Embassy of China, Paris" and french.organisations == "Confédération Générale du Travail"


def test_sentences_keep_list_items_apart():
    assert sentences("Round-up\n\n- On 1 May, A marched.\n- On 2 May, B rallied. C spoke.") == [
        "Round-up",
        "- On 1 May, A marched.",
        "- On 2 May, B rallied.",
        "C spoke.",
    ]


def test_the_command_writes_drafts_with_their_evidence(tmp_path, gazetteer_dir):
    output = tmp_path / "drafts.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "utils",
            "extract",
            str(REPORTS / "hkctu_round_up_2019.txt"),
            "--as-of",
            "2019-04-02",
            "-o",
            str(output),
            "--gazetteer-dir",
            str(gazetteer_dir),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "8 draft rows" in done.stdout
    rows = list(csv.DictReader(output.read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(rows[0]) == DRAFT_COLUMNS and all(row["evidence"] for row in rows)
    porto = next(row for row in rows if row["city"] == "Porto")
    assert porto["evidence"].startswith("On 21 March, about 30 dockers launched a protest")


def test_a_reading_given_no_time_reads_nothing_and_says_how_much_is_left():
    text = " ".join(f"On 26 March 2019 union {number} held a protest in Seoul." for number in range(50))
    whole = Extractor().read(text, dt.date(2019, 4, 1), seconds=None)
    cut = Extractor().read(text, dt.date(2019, 4, 1), seconds=-1)
    assert whole.unread == 0 and len(whole.drafts) >= 1
    assert cut.drafts == [] and cut.unread == 50


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("On 26 March 2019 the KCTU held a protest at the Chinese embassy in Seoul.", "protest"),
        ("In March, workers wrote a letter to the ACFTU.", "letter"),
        ("Dockers held a march to the consulate on 21 March.", "march"),
    ],
)
def test_a_month_name_is_never_a_kind(sentence, kind):
    from utils.extract.drafts import _kind

    assert _kind(sentence) == kind


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("In 2019 members of the union gathered at the embassy.", ""),
        ("On 26 March 2019 members of KCTU protested.", ""),
        ("About 2019 people signed.", "2019"),
        ("150 workers held a protest on 26 March 2019.", "150"),
    ],
)
def test_a_year_is_never_read_as_a_head_count(sentence, count):
    from utils.extract.drafts import _count

    assert _count(sentence)[0] == count

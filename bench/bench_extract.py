"""Precision and recall of the report-to-rows extractor (utils/extract/drafts.py), counted against answers.

Texts and their answers:
- the two seed texts (tests/data/reports/hkctu_round_up_2019.txt, fim_cisl_letter_2018.txt): the answer is the
  bundled data/actions.csv, which was read from them by hand;
- four reports written for the tests in other campaigns' style (tests/data/reports/): the answers below;
- two public round-ups, counted by hand (ANSWERS below), not kept in the repository (their text is theirs):
  redballoonsolidarity.org/1193/ ("(21 Dec Update) Trade Unions worldwide support the International Day of
  Action", 2018) and industriall-union.org/archive/icem/mexico-days-of-action-occur-worldwide-in-over-40-countries
  (28 February 2011). Save each page's article text as a .txt file and pass the folder: --public DIR
  (files redballoon_2018_12_21.txt and industriall_mexico_2011.txt).

A draft is right when its kind is the answer's, its place is (the same country; the same city, or within 30 km,
when the answer names one) and, when the answer has a day, its day is too. Each answer is matched at most once.
Precision = right drafts / drafts; recall = answers found / answers.

Run: .venv/bin/python -m bench.bench_extract [--public DIR]
Last line: `extract seeds_precision=P seeds_recall=R written_precision=P written_recall=R public_precision=P public_recall=R`
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

from utils.actions.load import load_actions
from utils.extract.drafts import Draft, Extractor
from utils.places.countries import country_code
from utils.places.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "tests" / "data" / "reports"

# (kind, country code, city, day): '' where the text gives none
WRITTEN = {
    ("strike_round_up.txt", "en", dt.date(2023, 1, 1)): [
        ("march", "GB", "Liverpool", "2022-05-04"),
        ("protest", "DE", "Hamburg", "2022-05-04"),
        ("letter", "", "", "2022-05-06"),
    ],
    ("climate_strike_list.txt", "en", dt.date(2023, 1, 1)): [
        ("march", "PT", "Lisbon", "2019-09-20"),
        ("protest", "KE", "Nairobi", "2019-09-20"),
        ("march", "CA", "Montreal", "2019-09-27"),
    ],
    ("rassemblement_fr.txt", "fr", dt.date(2023, 1, 1)): [("protest", "FR", "Paris", "2019-03-26")],
    ("concentracion_es.txt", "es", dt.date(2023, 1, 1)): [("protest", "ES", "Madrid", "2019-03-27")],
}
ANSWERS = {  # counted by hand from the articles' text
    ("redballoon_2018_12_21.txt", "en", dt.date(2018, 12, 21)): [
        ("call to action", "", "", "2018-12-21"),  # the International Day of Action, launched 'today'
        ("march", "HK", "Hong Kong", "2018-12-21"),  # about 50 delegates to the Liaison Office
        ("photo action", "HK", "Hong Kong", "2018-12-21"),  # the 'one person, one photo' booth in Causeway Bay
        ("letter", "", "", ""),  # ITUC, IndustriALL, CFDT and others wrote to the Chinese government
        ("protest", "GB", "", ""),  # labour groups protest at China's embassies in the UK,
        ("protest", "FR", "", ""),  # France,
        ("protest", "DK", "", ""),  # Denmark
        ("protest", "IN", "", ""),  # and India
        ("petition", "", "", "2018-12-14"),  # the scholars' petition, nearly 200 signatories
    ],
    ("industriall_mexico_2011.txt", "en", dt.date(2011, 2, 28)): [
        ("call to action", "", "", "2011-02-14"),  # the Global Days of Action, 14-19 February
        ("march", "MX", "Mexico City", ""),  # a march and demonstration in Mexico City
        ("protest", "MX", "Mexico City", ""),  # a protest rally at the Monument of the Revolution
        ("protest", "CA", "", ""),  # delegations and pickets at Mexico's missions in four Canadian cities
        ("protest", "CA", "Vancouver", ""),  # the Vancouver action
        ("protest", "US", "", ""),  # rallies and pickets in the US
        ("protest", "US", "Washington", ""),  # the Washington DC rally at the Mexican embassy
    ],
}


def km(one, other) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*one, *other))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def right(gazetteer: Gazetteer, draft: Draft, answer: tuple[str, str, str, str]) -> bool:
    kind, code, city, day = answer
    if draft.action_kind != kind or (day and day not in (draft.date, draft.date_end)):
        return False
    drafted = country_code(draft.country) or "" if draft.country else ""
    if drafted != code:
        return False
    if not city:
        return True
    here, there = gazetteer.position(draft.city, code) if draft.city else None, gazetteer.position(city, code)
    return bool(here and there and km(here, there) < 30)


def score(gazetteer: Gazetteer, drafts: list[Draft], answers: list[tuple]) -> tuple[int, int, int]:
    """(right drafts, drafts, answers)."""
    left = list(answers)
    hits = 0
    for draft in drafts:
        match = next((answer for answer in left if right(gazetteer, draft, answer)), None)
        if match is not None:
            left.remove(match)
            hits += 1
    return hits, len(drafts), len(answers)


def seed_answers() -> list[tuple]:
    answers = []
    for action in load_actions(REPO / "data" / "actions.csv").actions.to_dict("records"):
        day = action["date"].date().isoformat() if action["date"] == action["date"] and action["date"] is not None else ""
        end = action["date_end"].date().isoformat() if action["date_end"] == action["date_end"] and action["date_end"] is not None else ""
        answers.append((action["action_kind"], action["country_code"], action["city"], day or end))
    return answers


def ratio(hits: int, total: int) -> float:
    return hits / total if total else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--public", type=Path, help="a folder with the two public round-ups saved as text")
    parser.add_argument("--gazetteer-dir", type=Path, default=Path.home() / ".cache" / "solidarity-map")
    args = parser.parse_args()
    gazetteer = Gazetteer.open(args.gazetteer_dir)
    extractor = Extractor(gazetteer=gazetteer)
    as_of = dt.date(2019, 4, 2)
    seeds = [
        *extractor.drafts((REPORTS / "hkctu_round_up_2019.txt").read_text(), as_of),
        *extractor.drafts((REPORTS / "fim_cisl_letter_2018.txt").read_text(), as_of),
    ]
    results = {"seeds": score(gazetteer, seeds, seed_answers())}
    written = [0, 0, 0]
    for (name, language, day), answers in WRITTEN.items():
        for index, value in enumerate(score(gazetteer, extractor.drafts((REPORTS / name).read_text(), day, language), answers)):
            written[index] += value
    results["written"] = tuple(written)
    public = [0, 0, 0]
    if args.public:
        for (name, language, day), answers in ANSWERS.items():
            hits = score(gazetteer, extractor.drafts((args.public / name).read_text(encoding="utf-8"), day, language), answers)
            print(f"{name}: {hits[0]} right of {hits[1]} drafts; {hits[0]} of {hits[2]} actions found")
            for index, value in enumerate(hits):
                public[index] += value
    results["public"] = tuple(public)
    for name, (hits, drafts, answers) in results.items():
        print(
            f"{name}: {hits} right of {drafts} drafts (precision {ratio(hits, drafts):.2f}), {hits} of {answers} actions found (recall {ratio(hits, answers):.2f})"
        )
    line = " ".join(
        f"{name}_precision={ratio(hits, drafts):.2f} {name}_recall={ratio(hits, answers):.2f}"
        for name, (hits, drafts, answers) in results.items()
    )
    print(f"extract {line}")


if __name__ == "__main__":
    main()

"""python -m utils extract REPORT.txt [--as-of 2019-04-02] [--lang en] -o drafts.csv: draft rows from a campaign's report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

import pandas as pd

from utils.extract.drafts import DRAFT_COLUMNS, Extractor, sentences
from utils.places.gazetteer import Gazetteer
from utils.publish.sheets import write_csv
from utils.settings import settings_from


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils extract", description="Draft rows from a campaign's report.")
    parser.add_argument("input", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(), help="the report's date, for the year")
    parser.add_argument("--lang", default="en", help="the report's language (en, fr, es, de, pt, it)")
    parser.add_argument("-o", "--output", type=Path, default=Path("drafts.csv"))
    parser.add_argument("--gazetteer-dir", type=Path, help="the offline gazetteer's folder (default: SOLIDARITY_MAP_GAZETTEER_DIR's)")
    args = parser.parse_args(argv)
    text = args.input.read_text(encoding="utf-8")
    extractor = Extractor(gazetteer=Gazetteer.open(args.gazetteer_dir or settings_from(os.environ).gazetteer_dir))
    drafts = extractor.drafts(text, args.as_of, args.lang, source=args.input.name)
    write_csv(pd.DataFrame([draft.row() for draft in drafts], columns=list(DRAFT_COLUMNS)), args.output)
    print(f"{args.output}: {len(drafts)} draft rows from {len(sentences(text))} sentences; check each before it joins the data")
    for draft in drafts:
        print(
            f"  {draft.date or draft.date_end or '(no date)'} {draft.action_kind}: {draft.organisations or '?'} @ {draft.place or draft.city or draft.country or '?'}"
        )
    return 0

"""A campaign of many actions as a file would bring them, for the tests of the tiled site: nine countries' actions
spread around their cities, six kinds, twelve days (some actions over three days, some with no date), some with
no place (counted, listed, never drawn), some with no count of people, and a few ids not in ASCII."""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

import pandas as pd

from utils.actions.load import load_actions
from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions

PLACES = (
    ("South Korea", "Seoul", 37.56, 126.97),
    ("Germany", "Berlin", 52.52, 13.40),
    ("France", "Paris", 48.85, 2.35),
    ("Philippines", "Manila", 14.60, 120.98),
    ("Brazil", "São Paulo", -23.55, -46.63),
    ("United States", "Chicago", 41.88, -87.63),
    ("South Africa", "Johannesburg", -26.20, 28.05),
    ("Australia", "Sydney", -33.87, 151.21),
    ("Hong Kong", "Hong Kong", 22.32, 114.17),
)
KINDS = ("protest", "march", "photo action", "letter", "petition", "statement")


def rows(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    made = []
    for n in range(count):
        country, city, lat, lon = PLACES[n % len(PLACES)]
        day = datetime.date(2019, 3, 21) + datetime.timedelta(days=rng.randrange(12))
        undated, unplaced = n % 37 == 0, n % 11 == 0
        made.append(
            {
                "id": f"акция-{n}" if n % 50 == 0 else f"action-{n}",
                "date": "" if undated else day.isoformat(),
                "date_end": (day + datetime.timedelta(days=2)).isoformat() if n % 13 == 0 and not undated else "",
                "action_kind": KINDS[(n // 3) % len(KINDS)],
                "organisations": f"Union {n % 23}; Federation {n % 7}",
                "city": "" if unplaced else city,
                "country": country,
                "lat": "" if unplaced else round(lat + rng.uniform(-3, 3), 5),
                "lon": "" if unplaced else round(lon + rng.uniform(-3, 3), 5),
                "participants": "" if n % 5 == 0 else rng.randrange(3, 300),
                "description": f"Action {n} in {city or country}",
            }
        )
    return made


def many_actions(count: int, folder: Path) -> pd.DataFrame:
    """The actions read and placed as the app reads a file (no network: those with no position stay unplaced)."""
    path = Path(folder) / f"many_{count}.csv"
    made = rows(count)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(made[0]))
        writer.writeheader()
        writer.writerows(made)
    return geocode_actions(load_actions(path).actions, Geocoder(GeocodeCache(None), None, None))

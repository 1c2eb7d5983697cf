"""Map build time and HTML size: one folium.Marker per row (naive) against ours, in one run.

    .venv/bin/python -m bench.bench_map [--sizes 1000,10000,100000]

Prints a row per size and method, then ours-versus-naive ratios; the last line reads
`ratio_at_10000 build=B size=S` (how many times faster and smaller ours is).
"""

from __future__ import annotations

import argparse
import time

import folium
import numpy as np
import pandas as pd

from utils.actions.schema import ACTION_KINDS
from utils.escape import escape_text
from utils.map.mapview import build_map
from utils.view.fields import POPUP, shown_values


def synthetic_actions(count: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.to_datetime("2019-03-21") + pd.to_timedelta(rng.integers(0, 11, count), unit="D")
    return pd.DataFrame(
        {
            "id": [f"a{n}" for n in range(count)],
            "date": days,
            "date_end": pd.NaT,
            "action_kind": rng.choice(ACTION_KINDS, count),
            "organisations": [f"Union {n % 997}; Federation {n % 89}" for n in range(count)],
            "place": "",
            "city": [f"City {n % 5000}" for n in range(count)],
            "country": "",
            "lat": rng.uniform(-60, 70, count),
            "lon": rng.uniform(-180, 180, count),
            "precision": rng.choice(["venue", "city", "country"], count),
            "geo_label": [f"City {n % 5000}" for n in range(count)],
            "geo_note": "",
            "participants": pd.array(rng.integers(5, 500, count), dtype="Int64"),
            "participants_text": "",
            "target": "Chinese Government",
            "description": "Protest at the embassy demanding the release of detained labour activists.",
            "source": "https://example.org/report",
        }
    )


def tooltip_text(action: dict) -> str:
    """A marker's tooltip as a tutorial's map would write it, one row at a time."""
    values = shown_values(pd.DataFrame([action])).iloc[0]
    return escape_text(f"{values['date'].split(' – ')[0]} · {values['kind_word']} · {values['place']}")


def popup_text(action: dict) -> str:
    """A marker's popup as a tutorial's map writes it, one row at a time, as HTML."""
    values = shown_values(pd.DataFrame([action])).iloc[0]
    rows = "".join(f"<dt>{escape_text(field.label)}</dt><dd>{escape_text(values.get(field.name, ''))}</dd>" for field in POPUP)
    return f"<h4>{escape_text(values['organisations'])}</h4><dl>{rows}</dl>"


def naive_map(actions: pd.DataFrame) -> folium.Map:
    map_ = folium.Map(location=(20, 20), zoom_start=2)
    for action in actions.to_dict("records"):
        folium.Marker((action["lat"], action["lon"]), popup=folium.Popup(popup_text(action)), tooltip=tooltip_text(action)).add_to(map_)
    return map_


def measure(build, actions: pd.DataFrame) -> tuple[float, int]:
    start = time.perf_counter()
    html = build(actions).get_root().render()
    return time.perf_counter() - start, len(html.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'actions':>8} {'method':>6} {'build_s':>9} {'html_MB':>9}")
    ratios = {}
    for size in sizes:
        actions = synthetic_actions(size)
        naive_time, naive_size = measure(naive_map, actions)
        ours_time, ours_size = measure(lambda rows: build_map(rows, offline=True), actions)
        for name, seconds, size_bytes in (("naive", naive_time, naive_size), ("ours", ours_time, ours_size)):
            print(f"{size:>8} {name:>6} {seconds:>9.3f} {size_bytes / 1e6:>9.2f}", flush=True)
        ratios[size] = (naive_time / ours_time, naive_size / ours_size)
        print(f"{size:>8} {'ratio':>6} build x{ratios[size][0]:.1f} faster, html x{ratios[size][1]:.1f} smaller", flush=True)
    if 10000 in ratios:
        build, size = ratios[10000]
        print(f"ratio_at_10000 build={build:.1f} size={size:.1f}")


if __name__ == "__main__":
    main()

"""What a picture to share costs: the poster (each PNG size, the SVG) and the movie (GIF, MP4) of a view, drawn on the
server, for the bundled week's handful of actions and for many synthetic ones, in one run.

    .venv/bin/python -m bench.bench_pictures [--sizes 10,1000,100000]

Prints a row per size and picture (seconds, MB); the last line reads `ratio_at_100000 poster=P movie=M` (how many
times longer the slide poster and the GIF take for that many actions than for 10).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bench.bench_map import synthetic_actions
from utils.actions.campaign import BUNDLED
from utils.i18n import ENGLISH
from utils.publish import poster
from utils.view.filters import ViewFilter, apply

SPAN = (dt.date(2019, 3, 21), dt.date(2019, 3, 31))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,1000,100000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    timings: dict[tuple[int, str], float] = {}
    for size in sizes:
        actions = synthetic_actions(size).assign(country_code="KR", unplaced_reason="")
        view = apply(actions, ViewFilter(*SPAN))
        for choice in ("square", "slide", "a4", "gif", "mp4"):
            started = time.perf_counter()
            data = poster.make(choice, view, BUNDLED, ENGLISH, SPAN)
            timings[(size, choice)] = time.perf_counter() - started
            print(f"actions={size:>7} picture={choice:<6} seconds={timings[(size, choice)]:6.2f} MB={len(data) / 1e6:6.2f}")
    low, high = min(sizes), max(sizes)
    print(
        f"ratio_at_{high} poster={timings[(high, 'slide')] / timings[(low, 'slide')]:.1f} "
        f"movie={timings[(high, 'gif')] / timings[(low, 'gif')]:.1f}"
    )


if __name__ == "__main__":
    main()

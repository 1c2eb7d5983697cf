"""Saves a projector-size PNG (1920x1080) of each slide of the story, for slide decks.

    .venv/bin/python scripts/story_slides.py [INPUT.csv] [-o slides/] [--limit N]

Needs Debian's chromium (installed by `bash scripts/test`) and Playwright from
requirements-dev.txt. Works with no network: the story file carries everything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from utils.actions.load import load_actions
from utils.places.geocode import default_geocoder, geocode_actions
from utils.publish.export import story_html
from utils.settings import settings_from
from utils.view.story import story_slides


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", type=Path, default=Path("data/actions.csv"))
    parser.add_argument("-o", "--output", type=Path, default=Path("slides"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N slides")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("Debian's chromium is needed: sudo apt-get install chromium", file=sys.stderr)
        return 2
    result = load_actions(args.input)
    placed = geocode_actions(result.actions, default_geocoder(settings_from(os.environ), offline=True))
    slides = story_slides(placed)[: args.limit or None]
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "story.html"
        page_file.write_text(story_html(placed), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            for number, slide in enumerate(slides, start=1):
                page.goto(f"{page_file.as_uri()}#slide={slide.key}")
                page.wait_for_function(f"document.body.getAttribute('data-slide') === {slide.key!r}")
                page.wait_for_timeout(2200)  # the map flies to the day's actions in 1.6 s
                target = args.output / f"{number:02d}-{slide.key}.png"
                page.screenshot(path=str(target))
                print(target)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the command-line tools share: settings from the environment and a file loaded, or a clear exit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from utils.config import Settings, settings_from
from utils.errors import ConfigError
from utils.load import LoadResult, load_actions


def settings_and_actions(path: Path) -> tuple[Settings, LoadResult]:
    """The settings and the loaded file; a wrong setting or an unreadable file exits with a message, not a traceback."""
    try:
        settings = settings_from(os.environ)
    except ConfigError as error:
        print(f"setting error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        return settings, load_actions(path, limits=settings.file_limits())
    except OSError as error:
        print(f"cannot read {path}: {error.strerror or error}", file=sys.stderr)
        raise SystemExit(1) from None

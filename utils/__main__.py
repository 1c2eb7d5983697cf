"""`python -m utils VERB`: the project's one command (utils/cli)."""

from utils.cli import main
from utils.cli.common import run

run(main)

"""Scripts that print figures: `.venv/bin/python -m bench.NAME` from the project's folder."""

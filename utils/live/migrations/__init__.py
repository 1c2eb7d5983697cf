"""The database's schema under Alembic migrations: utils/live/store.py upgrades to the head at start."""

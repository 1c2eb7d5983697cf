"""The database's schema under Alembic migrations: utils/store.py upgrades to the head at start."""

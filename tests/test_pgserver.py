"""The throwaway PostgreSQL server the tests and benchmarks start (tests/pgserver.py)."""

from sqlalchemy import create_engine, text


def test_each_test_gets_its_own_empty_database_on_a_real_server(postgresql_server, postgresql_url):
    engine = create_engine(postgresql_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version()")).scalar_one().startswith("PostgreSQL")
        assert connection.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one() == 0
    engine.dispose()

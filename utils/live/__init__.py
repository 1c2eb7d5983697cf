"""The campaign live: the database, visitors' reports, moderators, migrations."""

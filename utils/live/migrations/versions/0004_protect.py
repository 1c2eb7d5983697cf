"""An action's protection (schema column `protect`): shown no finer than its city or country, for the safety of those
taking part. Every action so far is unprotected ('').

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ADDED_CELLS = ("protect",)  # columns of an action this revision adds to the actions table (tests/test_store.py)


def upgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        actions.add_column(sa.Column("protect", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        actions.drop_column("protect")

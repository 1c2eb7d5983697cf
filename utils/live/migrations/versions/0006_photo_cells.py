"""An action's photo cells (schema columns `photo`, `photo_alt`, `photo_credit`): a file's photos by name or link. A
report's own photos stay in the photos table and are named in these cells when it is published.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ADDED_CELLS = ("photo", "photo_alt", "photo_credit")  # columns of an action this revision adds (tests/test_store.py)


def upgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        for name in ADDED_CELLS:
            actions.add_column(sa.Column(name, sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        for name in reversed(ADDED_CELLS):
            actions.drop_column(name)

"""A report's photo words kept once: what its photos show and who took them are its action's cells (`photo_alt`,
`photo_credit`, 0006), which the moderator edits and every file written carries. The words 0005 kept on each photos
row move into the cells where these are empty, and the rows' own columns go.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    photos = sa.table("photos", sa.column("action_id"), sa.column("position"), sa.column("alt"), sa.column("credit"))
    actions = sa.table("actions", sa.column("id"), sa.column("photo_alt"), sa.column("photo_credit"))
    first: dict[str, tuple[str, str]] = {}
    for action_id, alt, credit in connection.execute(
        sa.select(photos.c.action_id, photos.c.alt, photos.c.credit).order_by(photos.c.action_id, photos.c.position)
    ):
        first.setdefault(action_id, (alt or "", credit or ""))
    for action_id, (alt, credit) in first.items():
        for cell, words in ((actions.c.photo_alt, alt), (actions.c.photo_credit, credit)):
            if words:
                connection.execute(sa.update(actions).where(actions.c.id == action_id, cell == "").values({cell.name: words}))
    with op.batch_alter_table("photos") as table:
        table.drop_column("credit")
        table.drop_column("alt")


def downgrade() -> None:
    with op.batch_alter_table("photos") as table:
        table.add_column(sa.Column("alt", sa.Text, nullable=False, server_default=""))
        table.add_column(sa.Column("credit", sa.Text, nullable=False, server_default=""))

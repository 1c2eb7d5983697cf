"""A report's photos (utils/photos/clean.py made them: JPEGs with no metadata), kept in the database beside the report,
shown to moderators and published with it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("alt", sa.Text, nullable=False, server_default=""),
        sa.Column("credit", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_photos_action_id", "photos", ["action_id"])
    op.create_index("ix_photos_digest", "photos", ["digest"])


def downgrade() -> None:
    op.drop_index("ix_photos_digest", "photos")
    op.drop_index("ix_photos_action_id", "photos")
    op.drop_table("photos")

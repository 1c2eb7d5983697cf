"""The actions (published, pending reports, rejected), the audit log, the report log for rate limits.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# the actions file's columns (utils/actions/schema.py, source "file") as of this revision, kept as the text of their cells
CELLS = (
    "date",
    "date_end",
    "action_kind",
    "organisations",
    "place",
    "city",
    "region",
    "country",
    "lat",
    "lon",
    "participants",
    "participants_text",
    "target",
    "description",
    "source",
)


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(16), unique=True),
        *[sa.Column(name, sa.Text, nullable=False, server_default="") for name in CELLS],
        sa.Column("extra", sa.Text, nullable=False, server_default="{}"),
        sa.Column("contact", sa.Text, nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("duplicate_of", sa.String(200), nullable=False, server_default=""),
        sa.Column("origin", sa.String(16), nullable=False, server_default="import"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action_id", sa.String(200), nullable=False, index=True),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("field", sa.String(64), nullable=False, server_default=""),
        sa.Column("old", sa.Text, nullable=False, server_default=""),
        sa.Column("new", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "report_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("sender", sa.String(64), nullable=False, index=True),
    )
    op.create_table(
        "generation",
        sa.Column("one", sa.Integer, primary_key=True),
        sa.Column("number", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO generation (one, number) VALUES (1, 0)")


def downgrade() -> None:
    for table in ("generation", "report_log", "audit", "actions"):
        op.drop_table(table)

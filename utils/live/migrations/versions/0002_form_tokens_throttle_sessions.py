"""A report's form token (a resend is stored once), failed sign-ins counted for every process, moderators' sessions,
the references given to robots (their status reads like any report's).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        actions.add_column(sa.Column("form_token", sa.String(64), nullable=True))
        actions.create_index("ix_actions_form_token", ["form_token"], unique=True)
    op.create_table(
        "sign_in_failures",
        sa.Column("key", sa.String(64), primary_key=True),  # a hash of 'address:…' or 'name:…|address:…', never the address
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "moderator_sessions",
        sa.Column("token", sa.String(64), primary_key=True),  # a hash of the cookie's token
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )

    op.create_table(
        "trapped_reports",
        sa.Column("reference", sa.String(16), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("trapped_reports")
    op.drop_table("moderator_sessions")
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("actions") as actions:
        actions.drop_index("ix_actions_form_token")
        actions.drop_column("form_token")

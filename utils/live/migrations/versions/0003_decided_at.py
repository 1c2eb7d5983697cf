"""When a report was decided (approved or rejected): a reporter's contact is erased a set number of days after.
Reports decided before this revision take the time of their decision from the audit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        actions.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE actions SET decided_at = (SELECT MAX(audit.at) FROM audit WHERE audit.action_id = actions.id "
        "AND audit.event IN ('approved', 'rejected')) WHERE status IN ('published', 'rejected')"
    )


def downgrade() -> None:
    with op.batch_alter_table("actions") as actions:
        actions.drop_column("decided_at")

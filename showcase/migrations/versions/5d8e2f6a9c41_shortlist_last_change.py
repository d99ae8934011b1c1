"""shortlist last change: when a product was last added to or removed from a shortlist

Revision ID: 5d8e2f6a9c41
Revises: b7c3e9a1d254
Create Date: 2026-12-07 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d8e2f6a9c41'
down_revision = 'b7c3e9a1d254'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('shortlist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_shortlist_changed_at', ['changed_at'], unique=False)
    # A list kept from before counts as changed when it was made.
    op.execute("UPDATE shortlist SET changed_at = created_at")
    with op.batch_alter_table('shortlist', schema=None) as batch_op:
        batch_op.alter_column('changed_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)


def downgrade():
    with op.batch_alter_table('shortlist', schema=None) as batch_op:
        batch_op.drop_index('ix_shortlist_changed_at')
        batch_op.drop_column('changed_at')

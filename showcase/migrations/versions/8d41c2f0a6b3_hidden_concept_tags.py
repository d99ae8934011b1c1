"""hidden concept tags: thesaurus concepts staff hide from a product's tags

Revision ID: 8d41c2f0a6b3
Revises: 3c9a1e5d7b20
Create Date: 2026-12-07 03:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d41c2f0a6b3'
down_revision = '3c9a1e5d7b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_concepts', sa.JSON(), server_default='[]',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('hidden_concepts')

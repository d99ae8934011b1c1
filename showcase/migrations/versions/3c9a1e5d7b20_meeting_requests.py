"""meeting requests: the interpreter's language and the preferred time slot of an inquiry

Revision ID: 3c9a1e5d7b20
Revises: f44068762bea
Create Date: 2026-12-07 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c9a1e5d7b20'
down_revision = 'f44068762bea'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpreter_language', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('time_slot', sa.String(length=32), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.drop_column('time_slot')
        batch_op.drop_column('interpreter_language')

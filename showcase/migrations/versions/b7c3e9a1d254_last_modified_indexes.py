"""last-modified indexes: the latest change to products, companies and public audit subjects

Revision ID: b7c3e9a1d254
Revises: 8d41c2f0a6b3
Create Date: 2026-12-07 07:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7c3e9a1d254'
down_revision = '8d41c2f0a6b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_product_updated_at', 'product', ['updated_at'])
    op.create_index('ix_company_updated_at', 'company', ['updated_at'])
    op.create_index('ix_audit_event_subject_created', 'audit_event',
                    ['subject_type', 'created_at'])


def downgrade():
    op.drop_index('ix_audit_event_subject_created', table_name='audit_event')
    op.drop_index('ix_company_updated_at', table_name='company')
    op.drop_index('ix_product_updated_at', table_name='product')

"""certification gold pool draw and the agreement statistics cache

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certification_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('items_per_attempt', sa.Integer(), nullable=True))
    op.create_table('agreement_cache',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_agreement_cache'))
    )


def downgrade():
    op.drop_table('agreement_cache')
    with op.batch_alter_table('certification_rules', schema=None) as batch_op:
        batch_op.drop_column('items_per_attempt')

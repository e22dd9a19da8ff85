"""Utilization: installations (linked to licenses for compliance) and keep-or-give-up reclaim requests.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23 01:29:17.551597
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalog_entry_id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=60), server_default='', nullable=False),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['catalog_entry_id'], ['catalog_entry.id'], ),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['license_id'], ['license.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'catalog_entry_id', name='uq_installation_device_product')
    )
    with op.batch_alter_table('installation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_installation_catalog_entry_id'), ['catalog_entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_installation_license_id'), ['license_id'], unique=False)

    op.create_table('reclaim_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by', sa.String(length=200), server_default='', nullable=False),
    sa.Column('respond_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('response', sa.String(length=20), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reclaim_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reclaim_request_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index('ix_reclaim_request_closed_respond_by', ['closed_at', 'respond_by'], unique=False)
        batch_op.create_index('uq_reclaim_request_open', ['assignment_id'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    # Covering indexes for the utilization report (see license_hub/models/utilization.py).
    active, revoked = sa.text('revoked_at IS NULL'), sa.text('revoked_at IS NOT NULL')
    op.create_index('ix_assignment_active_by_license', 'assignment',
                    ['license_id', 'revoked_at', 'person_id', 'last_used_at', 'assigned_at'], unique=False,
                    sqlite_where=active, postgresql_where=active)
    op.create_index('ix_assignment_active_by_person', 'assignment',
                    ['person_id', 'revoked_at', 'license_id', 'last_used_at', 'assigned_at'], unique=False,
                    sqlite_where=active, postgresql_where=active)
    op.create_index('ix_assignment_revoked_at', 'assignment', ['revoked_at', 'license_id'], unique=False,
                    sqlite_where=revoked, postgresql_where=revoked)



def downgrade() -> None:
    op.drop_index('ix_assignment_revoked_at', table_name='assignment')
    op.drop_index('ix_assignment_active_by_person', table_name='assignment')
    op.drop_index('ix_assignment_active_by_license', table_name='assignment')
    with op.batch_alter_table('reclaim_request', schema=None) as batch_op:
        batch_op.drop_index('uq_reclaim_request_open', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.drop_index('ix_reclaim_request_closed_respond_by')
        batch_op.drop_index(batch_op.f('ix_reclaim_request_assignment_id'))

    op.drop_table('reclaim_request')
    with op.batch_alter_table('installation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_installation_license_id'))
        batch_op.drop_index(batch_op.f('ix_installation_catalog_entry_id'))

    op.drop_table('installation')

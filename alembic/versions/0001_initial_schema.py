"""Initial schema: the whole domain of the five product descriptions.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 01:16:22.233018
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), server_default='0', nullable=False),
    sa.Column('hash', sa.String(length=64), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.bulk_insert(sa.table('audit_chain_head', sa.column('id', sa.Integer), sa.column('seq', sa.Integer),
                            sa.column('hash', sa.String)), [{'id': 1, 'seq': 0, 'hash': ''}])
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), server_default='', nullable=False),
    sa.Column('action', sa.String(length=40), server_default='', nullable=False),
    sa.Column('object_type', sa.String(length=40), server_default='', nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('diff', sa.Text(), server_default='{}', nullable=False),
    sa.Column('prev_hash', sa.String(length=64), server_default='', nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)

    op.create_table('catalog_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('publisher', sa.String(length=200), server_default='', nullable=False),
    sa.Column('category', sa.String(length=100), server_default='', nullable=False),
    sa.Column('deployment_model', sa.String(length=20), server_default='Cloud', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('website', sa.String(length=300), server_default='', nullable=False),
    sa.Column('security_grade', sa.String(length=1), nullable=True),
    sa.Column('security_risk', sa.String(length=20), nullable=True),
    sa.Column('security_rationale', sa.Text(), server_default='', nullable=False),
    sa.Column('security_answers', sa.Text(), server_default='{}', nullable=False),
    sa.Column('security_source', sa.String(length=20), server_default='', nullable=False),
    sa.Column('security_evaluated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('catalog_entry', schema=None) as batch_op:
        batch_op.create_index('ix_catalog_entry_category', ['category'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('department', sa.String(length=100), server_default='', nullable=False),
    sa.Column('location', sa.String(length=100), server_default='', nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['manager_id'], ['person.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_status'), ['status'], unique=False)

    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('hostname', sa.String(length=200), server_default='', nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('os', sa.String(length=100), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_hostname'), ['hostname'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_owner_id'), ['owner_id'], unique=False)

    op.create_table('license',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalog_entry_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('product_key_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('product_key_hint', sa.String(length=8), server_default='', nullable=False),
    sa.Column('licensed_to', sa.String(length=200), server_default='', nullable=False),
    sa.Column('vendor', sa.String(length=200), server_default='', nullable=False),
    sa.Column('version', sa.String(length=60), server_default='', nullable=False),
    sa.Column('license_type', sa.String(length=30), server_default='Subscription', nullable=False),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('seats_total', sa.Integer(), server_default='1', nullable=False),
    sa.Column('seats_used', sa.Integer(), server_default='0', nullable=False),
    sa.Column('seat_type', sa.String(length=20), server_default='user', nullable=False),
    sa.Column('quantity_per_seat', sa.Integer(), server_default='1', nullable=False),
    sa.Column('scope', sa.String(length=20), server_default='', nullable=False),
    sa.Column('compliance_override', sa.String(length=30), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='EUR', nullable=False),
    sa.Column('billing_cycle', sa.String(length=20), server_default='annual', nullable=False),
    sa.Column('custom_cycle_months', sa.Integer(), nullable=True),
    sa.Column('cost_per_seat', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('total_cost', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('net_unit_price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('vat_percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('gross_unit_price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('purchase_order', sa.String(length=100), server_default='', nullable=False),
    sa.Column('invoice_number', sa.String(length=100), server_default='', nullable=False),
    sa.Column('purchase_date', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('renewal_date', sa.Date(), nullable=True),
    sa.Column('maintenance_expiry_date', sa.Date(), nullable=True),
    sa.Column('perpetual', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('auto_renew', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('renewal_notice_days', sa.Integer(), server_default='30', nullable=False),
    sa.Column('cancellation_notice_days', sa.Integer(), nullable=True),
    sa.Column('maintenance_included', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('allocation_rule', sa.String(length=20), server_default='user-based', nullable=False),
    sa.Column('reassignable', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('transferable', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('restriction_geographic', sa.String(length=200), server_default='', nullable=False),
    sa.Column('restriction_usage', sa.String(length=200), server_default='', nullable=False),
    sa.Column('virtualization_rights', sa.String(length=200), server_default='', nullable=False),
    sa.Column('capacity_threshold_pct', sa.Integer(), server_default='90', nullable=False),
    sa.Column('serial_number', sa.String(length=100), server_default='', nullable=False),
    sa.Column('inventory_number', sa.String(length=100), server_default='', nullable=False),
    sa.Column('organization', sa.String(length=200), server_default='', nullable=False),
    sa.Column('org_unit', sa.String(length=200), server_default='', nullable=False),
    sa.Column('location', sa.String(length=200), server_default='', nullable=False),
    sa.Column('business_owner_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archived_by', sa.String(length=200), server_default='', nullable=False),
    sa.CheckConstraint('seats_total >= 0', name='ck_license_seats_total'),
    sa.CheckConstraint('seats_used >= 0', name='ck_license_seats_used'),
    sa.ForeignKeyConstraint(['business_owner_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['catalog_entry_id'], ['catalog_entry.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('license', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_license_archived_at'), ['archived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_license_business_owner_id'), ['business_owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_license_catalog_entry_id'), ['catalog_entry_id'], unique=False)
        batch_op.create_index('ix_license_expiry', ['expiry_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_license_status'), ['status'], unique=False)
        batch_op.create_index('ix_license_status_archived', ['status', 'archived_at'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('assignee_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('device_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('seat_key_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('seat_key_hint', sa.String(length=8), server_default='', nullable=False),
    sa.Column('activated_on', sa.Date(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assigned_by', sa.String(length=200), server_default='', nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=200), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['license_id'], ['license.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_device_id'), ['device_id'], unique=False)
        batch_op.create_index('ix_assignment_license_revoked', ['license_id', 'revoked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index('uq_assignment_active_person', ['license_id', 'person_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL AND person_id IS NOT NULL'), postgresql_where=sa.text('revoked_at IS NULL AND person_id IS NOT NULL'))

    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), server_default='', nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['license_id'], ['license.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('license_id', 'kind', name='uq_reminder_license_kind')
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_license_id'), ['license_id'], unique=False)

    op.create_table('usage_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='in_progress', nullable=False),
    sa.Column('seats_before', sa.Integer(), server_default='0', nullable=False),
    sa.Column('seats_after', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('next_audit_on', sa.Date(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_by', sa.String(length=200), server_default='', nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_by', sa.String(length=200), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['license_id'], ['license.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('usage_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_usage_audit_license_id'), ['license_id'], unique=False)
        batch_op.create_index('uq_usage_audit_in_progress', ['license_id'], unique=True, sqlite_where=sa.text("status = 'in_progress'"), postgresql_where=sa.text("status = 'in_progress'"))



def downgrade() -> None:
    with op.batch_alter_table('usage_audit', schema=None) as batch_op:
        batch_op.drop_index('uq_usage_audit_in_progress', sqlite_where=sa.text("status = 'in_progress'"), postgresql_where=sa.text("status = 'in_progress'"))
        batch_op.drop_index(batch_op.f('ix_usage_audit_license_id'))

    op.drop_table('usage_audit')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_license_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_due_on'))

    op.drop_table('reminder')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('uq_assignment_active_person', sqlite_where=sa.text('revoked_at IS NULL AND person_id IS NOT NULL'), postgresql_where=sa.text('revoked_at IS NULL AND person_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_assignment_person_id'))
        batch_op.drop_index('ix_assignment_license_revoked')
        batch_op.drop_index(batch_op.f('ix_assignment_device_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('license', schema=None) as batch_op:
        batch_op.drop_index('ix_license_status_archived')
        batch_op.drop_index(batch_op.f('ix_license_status'))
        batch_op.drop_index('ix_license_expiry')
        batch_op.drop_index(batch_op.f('ix_license_catalog_entry_id'))
        batch_op.drop_index(batch_op.f('ix_license_business_owner_id'))
        batch_op.drop_index(batch_op.f('ix_license_archived_at'))

    op.drop_table('license')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_owner_id'))
        batch_op.drop_index(batch_op.f('ix_device_name'))
        batch_op.drop_index(batch_op.f('ix_device_hostname'))

    op.drop_table('device')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_status'))
        batch_op.drop_index(batch_op.f('ix_person_name'))
        batch_op.drop_index(batch_op.f('ix_person_manager_id'))
        batch_op.drop_index(batch_op.f('ix_person_department'))

    op.drop_table('person')
    with op.batch_alter_table('catalog_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_catalog_entry_category')

    op.drop_table('catalog_entry')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    op.drop_table('audit_chain_head')

"""Publishing (seed 004): published products, policies, customers, signing keys, issued licenses,
machines, transfers, releases and validation history; the `publishing` permission for Admin.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 19:11:50.760890
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('publishing_customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), server_default='person', nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('email', sa.String(length=254), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('publishing_customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publishing_customer_name'), ['name'], unique=False)

    op.create_table('signing_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('public_key', sa.String(length=64), server_default='', nullable=False),
    sa.Column('private_key', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signing_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_key_status'), ['status'], unique=False)

    op.create_table('published_product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalog_entry_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['catalog_entry_id'], ['catalog_entry.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('catalog_entry_id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('product_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=60), server_default='', nullable=False),
    sa.Column('released_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['published_product.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('product_id', 'version', name='uq_product_release_version')
    )
    with op.batch_alter_table('product_release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_release_product_id'), ['product_id'], unique=False)

    op.create_table('publishing_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), server_default='', nullable=False),
    sa.Column('license_model', sa.String(length=20), server_default='subscription', nullable=False),
    sa.Column('duration_days', sa.Integer(), nullable=True),
    sa.Column('maintenance_days', sa.Integer(), nullable=True),
    sa.Column('max_machines', sa.Integer(), nullable=True),
    sa.Column('overage', sa.String(length=10), server_default='none', nullable=False),
    sa.Column('expiry_behaviour', sa.String(length=20), server_default='restrict', nullable=False),
    sa.Column('grace_days', sa.Integer(), server_default='0', nullable=False),
    sa.Column('check_in_days', sa.Integer(), nullable=True),
    sa.Column('heartbeat_minutes', sa.Integer(), nullable=True),
    sa.Column('transfer_budget', sa.Integer(), server_default='3', nullable=False),
    sa.Column('transfer_window_days', sa.Integer(), server_default='30', nullable=False),
    sa.Column('entitlements', sa.Text(), server_default='', nullable=False),
    sa.Column('version_constraint', sa.String(length=200), server_default='', nullable=False),
    sa.Column('price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['published_product.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('product_id', 'name', name='uq_publishing_policy_name')
    )
    with op.batch_alter_table('publishing_policy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publishing_policy_product_id'), ['product_id'], unique=False)

    op.create_table('published_license',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('key_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('key_hint', sa.String(length=8), server_default='', nullable=False),
    sa.Column('signing_key_id', sa.Integer(), nullable=False),
    sa.Column('entitlements', sa.Text(), server_default='', nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('maintenance_until', sa.Date(), nullable=True),
    sa.Column('last_check_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('machines_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['publishing_customer.id'], ),
    sa.ForeignKeyConstraint(['policy_id'], ['publishing_policy.id'], ),
    sa.ForeignKeyConstraint(['signing_key_id'], ['signing_key.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_digest')
    )
    with op.batch_alter_table('published_license', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_published_license_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_published_license_policy_id'), ['policy_id'], unique=False)
        batch_op.create_index('ix_published_license_status_expires', ['status', 'expires_at'], unique=False)

    op.create_table('machine_transfer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=False),
    sa.Column('from_fingerprint', sa.String(length=128), server_default='', nullable=False),
    sa.Column('to_fingerprint', sa.String(length=128), server_default='', nullable=False),
    sa.Column('transferred_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['license_id'], ['published_license.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('machine_transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_machine_transfer_license_id'), ['license_id'], unique=False)

    op.create_table('published_machine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=128), server_default='', nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('platform', sa.String(length=100), server_default='', nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deactivated_reason', sa.String(length=40), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['license_id'], ['published_license.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('published_machine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_published_machine_license_id'), ['license_id'], unique=False)
        batch_op.create_index('uq_published_machine_active', ['license_id', 'fingerprint'], unique=True, sqlite_where=sa.text('deactivated_at IS NULL'), postgresql_where=sa.text('deactivated_at IS NULL'))

    op.create_table('validation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.Integer(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('code', sa.String(length=40), server_default='', nullable=False),
    sa.Column('valid', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('fingerprint', sa.String(length=128), server_default='', nullable=False),
    sa.Column('version', sa.String(length=60), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['license_id'], ['published_license.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('validation_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_validation_event_license_id'), ['license_id'], unique=False)

    _grant(add=True)


def _grant(add: bool) -> None:
    """Admin gets the new permission (data migration on the role table)."""
    role = sa.table('role', sa.column('name', sa.String), sa.column('permissions', sa.Text))
    conn = op.get_bind()
    for name, perms in conn.execute(sa.select(role.c.name, role.c.permissions).where(role.c.name == 'Admin')):
        words = [w for w in (perms or '').split() if w != 'publishing'] + (['publishing'] if add else [])
        conn.execute(role.update().where(role.c.name == name).values(permissions=' '.join(words)))


def downgrade() -> None:
    _grant(add=False)
    with op.batch_alter_table('validation_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_validation_event_license_id'))

    op.drop_table('validation_event')
    with op.batch_alter_table('published_machine', schema=None) as batch_op:
        batch_op.drop_index('uq_published_machine_active', sqlite_where=sa.text('deactivated_at IS NULL'), postgresql_where=sa.text('deactivated_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_published_machine_license_id'))

    op.drop_table('published_machine')
    with op.batch_alter_table('machine_transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_machine_transfer_license_id'))

    op.drop_table('machine_transfer')
    with op.batch_alter_table('published_license', schema=None) as batch_op:
        batch_op.drop_index('ix_published_license_status_expires')
        batch_op.drop_index(batch_op.f('ix_published_license_policy_id'))
        batch_op.drop_index(batch_op.f('ix_published_license_customer_id'))

    op.drop_table('published_license')
    with op.batch_alter_table('publishing_policy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publishing_policy_product_id'))

    op.drop_table('publishing_policy')
    with op.batch_alter_table('product_release', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_release_product_id'))

    op.drop_table('product_release')
    op.drop_table('published_product')
    with op.batch_alter_table('signing_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_key_status'))

    op.drop_table('signing_key')
    with op.batch_alter_table('publishing_customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publishing_customer_name'))

    op.drop_table('publishing_customer')

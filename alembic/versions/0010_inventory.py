"""Inventory from the endpoint agent: hosts, the software on them, reports taken, normalization rules.

Revision ID: 0010
Revises: 0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_opened_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("usage_state", sa.String(length=12), server_default="unsupported",
                                      nullable=False))
    op.create_table('normalization_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalog_entry_id', sa.Integer(), nullable=False),
    sa.Column('vendor', sa.String(length=200), server_default='', nullable=False),
    sa.Column('bundle_id', sa.String(length=300), server_default='', nullable=False),
    sa.Column('pattern', sa.String(length=300), server_default='', nullable=False),
    sa.Column('created_by', sa.String(length=254), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['catalog_entry_id'], ['catalog_entry.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('normalization_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_normalization_rule_catalog_entry_id'), ['catalog_entry_id'], unique=False)

    op.create_table('inventory_host',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hardware_id', sa.String(length=128), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=100), server_default='', nullable=False),
    sa.Column('hostname', sa.String(length=200), server_default='', nullable=False),
    sa.Column('platform', sa.String(length=40), server_default='', nullable=False),
    sa.Column('os_version', sa.String(length=100), server_default='', nullable=False),
    sa.Column('primary_user', sa.String(length=254), server_default='', nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('last_report_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hardware_id')
    )
    with op.batch_alter_table('inventory_host', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inventory_host_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inventory_host_hostname'), ['hostname'], unique=False)
        batch_op.create_index(batch_op.f('ix_inventory_host_person_id'), ['person_id'], unique=False)

    op.create_table('agent_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.String(length=100), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('software_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('uninstalled_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('received_by', sa.String(length=254), server_default='', nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['host_id'], ['inventory_host.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id')
    )
    with op.batch_alter_table('agent_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_report_host_id'), ['host_id'], unique=False)

    op.create_table('host_software',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('version', sa.String(length=100), server_default='', nullable=False),
    sa.Column('vendor', sa.String(length=200), server_default='', nullable=False),
    sa.Column('source', sa.String(length=40), server_default='', nullable=False),
    sa.Column('bundle_id', sa.String(length=300), server_default='', nullable=False),
    sa.Column('install_path', sa.String(length=500), server_default='', nullable=False),
    sa.Column('installed_on', sa.Date(), nullable=True),
    sa.Column('last_opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('usage_state', sa.String(length=12), server_default='unsupported', nullable=False),
    sa.Column('catalog_entry_id', sa.Integer(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uninstalled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['catalog_entry_id'], ['catalog_entry.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_id'], ['inventory_host.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('host_id', 'source', 'name', name='uq_host_software_package')
    )
    with op.batch_alter_table('host_software', schema=None) as batch_op:
        batch_op.create_index('ix_host_software_catalog_present', ['catalog_entry_id', 'uninstalled_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('host_software', schema=None) as batch_op:
        batch_op.drop_index('ix_host_software_catalog_present')

    op.drop_table('host_software')
    with op.batch_alter_table('agent_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_report_host_id'))

    op.drop_table('agent_report')
    with op.batch_alter_table('inventory_host', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inventory_host_person_id'))
        batch_op.drop_index(batch_op.f('ix_inventory_host_hostname'))
        batch_op.drop_index(batch_op.f('ix_inventory_host_device_id'))

    op.drop_table('inventory_host')
    with op.batch_alter_table('normalization_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_normalization_rule_catalog_entry_id'))

    op.drop_table('normalization_rule')
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("usage_state")
        batch_op.drop_column("last_opened_at")

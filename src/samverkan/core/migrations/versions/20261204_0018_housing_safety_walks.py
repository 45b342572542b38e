"""Housing safety: safety walks, their findings and work orders.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import samverkan.core.db

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "housing_safety_walk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("walked_on", sa.Date(), nullable=False),
        sa.Column("walkers", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
            name=op.f("fk_housing_safety_walk_area_id_area"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
            name=op.f("fk_housing_safety_walk_created_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_housing_safety_walk_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_safety_walk")),
    )
    with op.batch_alter_table("housing_safety_walk", schema=None) as batch_op:
        batch_op.create_index("ix_safety_walk_org", ["org_id", "walked_on"], unique=False)

    op.create_table(
        "housing_walk_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place_name", sa.String(length=200), nullable=False),
        sa.Column("responsible", sa.String(length=20), nullable=False),
        sa.Column("responsible_org_id", sa.Integer(), nullable=True),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_type", sa.String(length=20), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(lat IS NOT NULL AND lon IS NOT NULL) OR place_name <> ''",
            name=op.f("ck_housing_walk_finding_place"),
        ),
        sa.CheckConstraint(
            "category IN ('lighting', 'vegetation', 'locks', 'stairwells', 'waste_rooms', "
            "'graffiti', 'play_areas', 'parking', 'other')",
            name=op.f("ck_housing_walk_finding_category"),
        ),
        sa.CheckConstraint(
            "photo_type IS NULL OR photo_type IN ('image/jpeg', 'image/png')",
            name=op.f("ck_housing_walk_finding_photo_type"),
        ),
        sa.CheckConstraint(
            "responsible IN ('housing_company', 'technical_office', 'contractor', 'other')",
            name=op.f("ck_housing_walk_finding_responsible"),
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_housing_walk_finding_incident_id_incident"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_org_id"],
            ["organisation.id"],
            name=op.f("fk_housing_walk_finding_responsible_org_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["walk_id"],
            ["housing_safety_walk.id"],
            name=op.f("fk_housing_walk_finding_walk_id_housing_safety_walk"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_walk_finding")),
    )
    with op.batch_alter_table("housing_walk_finding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_housing_walk_finding_walk_id"), ["walk_id"], unique=False
        )

    op.create_table(
        "housing_work_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("assigned_to", sa.String(length=200), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("assigned_by", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("verified_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'assigned', 'done', 'verified')",
            name=op.f("ck_housing_work_order_status"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"],
            ["app_user.id"],
            name=op.f("fk_housing_work_order_assigned_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["done_by"],
            ["app_user.id"],
            name=op.f("fk_housing_work_order_done_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["housing_walk_finding.id"],
            name=op.f("fk_housing_work_order_finding_id_housing_walk_finding"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by"],
            ["app_user.id"],
            name=op.f("fk_housing_work_order_verified_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_work_order")),
        sa.UniqueConstraint("finding_id", name=op.f("uq_housing_work_order_finding_id")),
    )
    op.create_table(
        "housing_checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "category IN ('lighting', 'vegetation', 'locks', 'stairwells', 'waste_rooms', "
            "'graffiti', 'play_areas', 'parking', 'other')",
            name=op.f("ck_housing_checklist_item_category"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_housing_checklist_item_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_checklist_item")),
    )
    with op.batch_alter_table("housing_checklist_item", schema=None) as batch_op:
        batch_op.create_index("ix_checklist_org", ["org_id"], unique=False)

    op.create_table(
        "housing_walk_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "answer IN ('ok', 'finding', 'not_checked')", name=op.f("ck_housing_walk_answer_answer")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["housing_checklist_item.id"],
            name=op.f("fk_housing_walk_answer_item_id_housing_checklist_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["walk_id"],
            ["housing_safety_walk.id"],
            name=op.f("fk_housing_walk_answer_walk_id_housing_safety_walk"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_walk_answer")),
        sa.UniqueConstraint(
            "walk_id", "item_id", name=op.f("uq_housing_walk_answer_walk_id_item_id")
        ),
    )
    with op.batch_alter_table("housing_walk_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_housing_walk_answer_walk_id"), ["walk_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("housing_walk_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_walk_answer_walk_id"))

    op.drop_table("housing_walk_answer")
    with op.batch_alter_table("housing_checklist_item", schema=None) as batch_op:
        batch_op.drop_index("ix_checklist_org")

    op.drop_table("housing_checklist_item")
    op.drop_table("housing_work_order")
    with op.batch_alter_table("housing_walk_finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_walk_finding_walk_id"))

    op.drop_table("housing_walk_finding")
    with op.batch_alter_table("housing_safety_walk", schema=None) as batch_op:
        batch_op.drop_index("ix_safety_walk_org")

    op.drop_table("housing_safety_walk")

"""Housing safety: safety plans, their risks, measures and reviews; the EST place of a
disturbance case (its description, encrypted, and an optional point).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import samverkan.core.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "housing_safety_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("property_name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_housing_safety_plan_period")),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
            name=op.f("fk_housing_safety_plan_area_id_area"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_housing_safety_plan_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["app_user.id"],
            name=op.f("fk_housing_safety_plan_owner_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_safety_plan")),
    )
    op.create_index("ix_safety_plan_org", "housing_safety_plan", ["org_id"], unique=False)
    op.create_table(
        "housing_plan_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["housing_safety_plan.id"],
            name=op.f("fk_housing_plan_review_plan_id_housing_safety_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_plan_review")),
    )
    op.create_index(
        op.f("ix_housing_plan_review_plan_id"), "housing_plan_review", ["plan_id"], unique=False
    )
    op.create_table(
        "housing_plan_risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("consequence", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "consequence BETWEEN 1 AND 4", name=op.f("ck_housing_plan_risk_consequence")
        ),
        sa.CheckConstraint(
            "likelihood BETWEEN 1 AND 4", name=op.f("ck_housing_plan_risk_likelihood")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["housing_safety_plan.id"],
            name=op.f("fk_housing_plan_risk_plan_id_housing_safety_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_plan_risk")),
    )
    op.create_index(
        op.f("ix_housing_plan_risk_plan_id"), "housing_plan_risk", ["plan_id"], unique=False
    )
    op.create_table(
        "housing_plan_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'cancelled')",
            name=op.f("ck_housing_plan_measure_status"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_housing_plan_measure_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["housing_safety_plan.id"],
            name=op.f("fk_housing_plan_measure_plan_id_housing_safety_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"],
            ["housing_plan_risk.id"],
            name=op.f("fk_housing_plan_measure_risk_id_housing_plan_risk"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_plan_measure")),
    )
    op.create_index(
        op.f("ix_housing_plan_measure_plan_id"), "housing_plan_measure", ["plan_id"], unique=False
    )
    op.add_column("housing_disturbance_case", sa.Column("place", sa.Text(), nullable=True))
    op.add_column("housing_disturbance_case", sa.Column("place_lat", sa.Float(), nullable=True))
    op.add_column("housing_disturbance_case", sa.Column("place_lon", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("housing_disturbance_case", "place_lon")
    op.drop_column("housing_disturbance_case", "place_lat")
    op.drop_column("housing_disturbance_case", "place")
    op.drop_index(op.f("ix_housing_plan_measure_plan_id"), table_name="housing_plan_measure")
    op.drop_table("housing_plan_measure")
    op.drop_index(op.f("ix_housing_plan_risk_plan_id"), table_name="housing_plan_risk")
    op.drop_table("housing_plan_risk")
    op.drop_index(op.f("ix_housing_plan_review_plan_id"), table_name="housing_plan_review")
    op.drop_table("housing_plan_review")
    op.drop_index("ix_safety_plan_org", table_name="housing_safety_plan")
    op.drop_table("housing_safety_plan")

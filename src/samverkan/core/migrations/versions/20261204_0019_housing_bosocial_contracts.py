"""Housing safety: bosocial contracts (En väg in) — framework agreements, contracts with their
trial period, follow-up visits, rent payments, disturbances and decisions.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import samverkan.core.db

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "housing_bosocial_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_org_id", sa.Integer(), nullable=False),
        sa.Column("landlord_org_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("flats", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["landlord_org_id"],
            ["organisation.id"],
            name=op.f("fk_housing_bosocial_agreement_landlord_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_org_id"],
            ["organisation.id"],
            name=op.f("fk_housing_bosocial_agreement_municipality_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_bosocial_agreement")),
    )
    with op.batch_alter_table("housing_bosocial_agreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_housing_bosocial_agreement_landlord_org_id"),
            ["landlord_org_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_housing_bosocial_agreement_municipality_org_id"),
            ["municipality_org_id"],
            unique=False,
        )

    op.create_table(
        "housing_bosocial_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("flat", sa.Text(), nullable=False),
        sa.Column("lease_number", sa.String(length=60), nullable=False),
        sa.Column("lease_on", sa.Date(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("trial_months", sa.Integer(), nullable=False),
        sa.Column("trial_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('trial', 'taken_over', 'terminated')",
            name=op.f("ck_housing_bosocial_contract_status"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["housing_bosocial_agreement.id"],
            name=op.f("fk_housing_bosocial_contract_agreement_id_housing_bosocial_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_housing_bosocial_contract_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_bosocial_contract")),
    )
    with op.batch_alter_table("housing_bosocial_contract", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bosocial_contract_agreement_status", ["agreement_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_housing_bosocial_contract_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "housing_bosocial_complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('noise', 'damage', 'threat', 'other')",
            name=op.f("ck_housing_bosocial_complaint_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["app_user.id"],
            name=op.f("fk_housing_bosocial_complaint_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["housing_bosocial_contract.id"],
            name=op.f("fk_housing_bosocial_complaint_contract_id_housing_bosocial_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_bosocial_complaint")),
    )
    with op.batch_alter_table("housing_bosocial_complaint", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_housing_bosocial_complaint_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "housing_bosocial_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("new_trial_end", sa.Date(), nullable=True),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('takeover', 'extension', 'termination')",
            name=op.f("ck_housing_bosocial_decision_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["app_user.id"],
            name=op.f("fk_housing_bosocial_decision_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["housing_bosocial_contract.id"],
            name=op.f("fk_housing_bosocial_decision_contract_id_housing_bosocial_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_bosocial_decision")),
    )
    with op.batch_alter_table("housing_bosocial_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_housing_bosocial_decision_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "housing_bosocial_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('on_time', 'late', 'unpaid')",
            name=op.f("ck_housing_bosocial_payment_status"),
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["app_user.id"],
            name=op.f("fk_housing_bosocial_payment_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["housing_bosocial_contract.id"],
            name=op.f("fk_housing_bosocial_payment_contract_id_housing_bosocial_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_bosocial_payment")),
        sa.UniqueConstraint("contract_id", "month", name="uq_bosocial_payment_month"),
    )
    op.create_table(
        "housing_bosocial_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("visitor", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["app_user.id"],
            name=op.f("fk_housing_bosocial_visit_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["housing_bosocial_contract.id"],
            name=op.f("fk_housing_bosocial_visit_contract_id_housing_bosocial_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_bosocial_visit")),
    )
    with op.batch_alter_table("housing_bosocial_visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_housing_bosocial_visit_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("housing_bosocial_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_bosocial_visit_contract_id"))

    op.drop_table("housing_bosocial_visit")
    op.drop_table("housing_bosocial_payment")
    with op.batch_alter_table("housing_bosocial_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_bosocial_decision_contract_id"))

    op.drop_table("housing_bosocial_decision")
    with op.batch_alter_table("housing_bosocial_complaint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_bosocial_complaint_contract_id"))

    op.drop_table("housing_bosocial_complaint")
    with op.batch_alter_table("housing_bosocial_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_bosocial_contract_person_id"))
        batch_op.drop_index("ix_bosocial_contract_agreement_status")

    op.drop_table("housing_bosocial_contract")
    with op.batch_alter_table("housing_bosocial_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housing_bosocial_agreement_municipality_org_id"))
        batch_op.drop_index(batch_op.f("ix_housing_bosocial_agreement_landlord_org_id"))

    op.drop_table("housing_bosocial_agreement")

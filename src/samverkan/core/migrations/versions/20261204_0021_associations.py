"""Associations with counter-demands: the register (each association its own organisation),
its districts and contacts, the supporters' agreements with their commitments and payment
periods, and the activities reported with their attendance.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import samverkan.core.db

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "association",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("orgnr", sa.String(length=11), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_org_id", sa.Integer(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_org_id"],
            ["organisation.id"],
            name=op.f("fk_association_created_by_org_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_association_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association")),
        sa.UniqueConstraint("org_id", name=op.f("uq_association_org_id")),
        sa.UniqueConstraint("orgnr", name=op.f("uq_association_orgnr")),
    )
    op.create_table(
        "association_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("supporter_org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount_sek", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("counter_performance", sa.Text(), nullable=False),
        sa.Column("rule_min_minutes", sa.Integer(), nullable=True),
        sa.Column("rule_min_leaders", sa.Integer(), nullable=True),
        sa.Column("rule_min_participants", sa.Integer(), nullable=True),
        sa.Column("rule_age_min", sa.Integer(), nullable=True),
        sa.Column("rule_age_max", sa.Integer(), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("amount_sek >= 0", name=op.f("ck_association_agreement_amount_sek")),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_association_agreement_period")
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_association_agreement_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_association_agreement_created_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supporter_org_id"],
            ["organisation.id"],
            name=op.f("fk_association_agreement_supporter_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_agreement")),
    )
    with op.batch_alter_table("association_agreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_agreement_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_association_agreement_supporter_org_id"),
            ["supporter_org_id"],
            unique=False,
        )

    op.create_table(
        "association_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_association_contact_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_contact")),
    )
    with op.batch_alter_table("association_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_contact_association_id"), ["association_id"], unique=False
        )

    op.create_table(
        "association_district",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
            name=op.f("fk_association_district_area_id_area"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_association_district_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("association_id", "area_id", name=op.f("pk_association_district")),
    )
    op.create_table(
        "association_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("leaders", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("reported_by_user_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", samverkan.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "form IN ('traning', 'oppen', 'evenemang', 'kurs', 'match', 'lager')",
            name=op.f("ck_association_activity_form"),
        ),
        sa.CheckConstraint(
            "kind IN ('idrott', 'kultur', 'dans', 'teater', 'musik', 'programmering', "
            "'laxhjalp', 'ovrigt')",
            name=op.f("ck_association_activity_kind"),
        ),
        sa.CheckConstraint("leaders >= 0", name=op.f("ck_association_activity_leaders")),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_association_activity_minutes")),
        sa.CheckConstraint("participants >= 0", name=op.f("ck_association_activity_participants")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["association_agreement.id"],
            name=op.f("fk_association_activity_agreement_id_association_agreement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_association_activity_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["area.id"],
            name=op.f("fk_association_activity_district_id_area"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_association_activity_reported_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_activity")),
    )
    with op.batch_alter_table("association_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_activity_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_association_activity_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_association_activity_held_on"), ["held_on"], unique=False
        )

    op.create_table(
        "association_commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("forms", sa.JSON(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "unit IN ('tillfallen', 'deltagare')", name=op.f("ck_association_commitment_unit")
        ),
        sa.CheckConstraint("required > 0", name=op.f("ck_association_commitment_required")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["association_agreement.id"],
            name=op.f("fk_association_commitment_agreement_id_association_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["area.id"],
            name=op.f("fk_association_commitment_district_id_area"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_commitment")),
    )
    with op.batch_alter_table("association_commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_commitment_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "association_payment_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount_sek", sa.Integer(), nullable=False),
        sa.Column("reported_at", samverkan.core.db.UTCDateTime(), nullable=True),
        sa.Column("reported_by_user_id", sa.Integer(), nullable=True),
        sa.Column("released_at", samverkan.core.db.UTCDateTime(), nullable=True),
        sa.Column("released_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_association_payment_period_period")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["association_agreement.id"],
            name=op.f("fk_association_payment_period_agreement_id_association_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["released_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_association_payment_period_released_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_association_payment_period_reported_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_payment_period")),
    )
    with op.batch_alter_table("association_payment_period", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_payment_period_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "association_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("age_band", sa.String(length=10), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "age_band IN ('0-6', '7-12', '13-16', '17-20', '21-25', '26-')",
            name=op.f("ck_association_attendance_age_band"),
        ),
        sa.CheckConstraint(
            "gender IN ('flicka', 'pojke', 'annat')", name=op.f("ck_association_attendance_gender")
        ),
        sa.CheckConstraint("people >= 0", name=op.f("ck_association_attendance_people")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["association_activity.id"],
            name=op.f("fk_association_attendance_activity_id_association_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_attendance")),
        sa.UniqueConstraint(
            "activity_id",
            "age_band",
            "gender",
            name=op.f("uq_association_attendance_activity_id_age_band_gender"),
        ),
    )
    with op.batch_alter_table("association_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_attendance_activity_id"), ["activity_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("association_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_attendance_activity_id"))

    op.drop_table("association_attendance")
    with op.batch_alter_table("association_payment_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_payment_period_agreement_id"))

    op.drop_table("association_payment_period")
    with op.batch_alter_table("association_commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_commitment_agreement_id"))

    op.drop_table("association_commitment")
    with op.batch_alter_table("association_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_activity_held_on"))
        batch_op.drop_index(batch_op.f("ix_association_activity_association_id"))
        batch_op.drop_index(batch_op.f("ix_association_activity_agreement_id"))

    op.drop_table("association_activity")
    op.drop_table("association_district")
    with op.batch_alter_table("association_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_contact_association_id"))

    op.drop_table("association_contact")
    with op.batch_alter_table("association_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_agreement_supporter_org_id"))
        batch_op.drop_index(batch_op.f("ix_association_agreement_association_id"))

    op.drop_table("association_agreement")
    op.drop_table("association")

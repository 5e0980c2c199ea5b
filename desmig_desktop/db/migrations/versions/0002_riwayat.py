"""Riwayat perubahan (audit trail): tabel riwayat.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "riwayat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("waktu", sa.DateTime(), nullable=False),
        sa.Column("pengguna", sa.String(length=100), nullable=False),
        sa.Column("aksi", sa.String(length=10), nullable=False),
        sa.Column("tabel", sa.String(length=40), nullable=False),
        sa.Column("rekaman", sa.String(length=64), nullable=True),
        sa.Column("induk", sa.String(length=64), nullable=True),
        sa.Column("label", sa.String(length=250), nullable=False),
        sa.Column("perubahan", sa.Text(), nullable=False),
        sa.Column("jumlah", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "aksi IN ('tambah', 'ubah', 'hapus', 'impor', 'pulihkan')",
            name=op.f("ck_riwayat_aksi"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_riwayat")),
    )
    with op.batch_alter_table("riwayat", schema=None) as batch_op:
        batch_op.create_index("ix_riwayat_waktu", ["waktu"], unique=False)
        batch_op.create_index("ix_riwayat_rekaman", ["rekaman"], unique=False)
        batch_op.create_index("ix_riwayat_induk", ["induk"], unique=False)
        batch_op.create_index("ix_riwayat_tabel_waktu", ["tabel", "waktu"], unique=False)


def downgrade() -> None:
    op.drop_table("riwayat")

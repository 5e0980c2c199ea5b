"""Indeks untuk skala nasional: daftar rencana berhalaman, daftar peserta, rekap kehadiran.

- kegiatan (tahun, pilar, kode): the plan list of a year in its display order, a page at
  a time (keyset), replacing (tahun, pilar), of which it is a superset; and (desa_id,
  tahun, pilar, kode) for one village's lines in that order, replacing (desa_id);
- kegiatan (tahun, pilar, sumber_dana_id, anggaran) and realisasi (kegiatan_id, triwulan,
  jumlah, volume, status): the budget summary, the plan's subtotals and the Beranda's
  checks of a year read from indexes alone;
- peserta (nama) and (nik): the participant list of all villages and its type-ahead search;
- kehadiran (pertemuan_id, status) and (peserta_id, status): counts of H/I/S/A per session
  and per participant answered from the index alone; the second replaces (peserta_id).

Only indexes: no table is rebuilt, no row changes. Nothing relies on ANALYZE statistics.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_kegiatan_tahun_pilar", table_name="kegiatan")
    op.create_index("ix_kegiatan_tahun_pilar_kode", "kegiatan", ["tahun", "pilar", "kode"])
    op.drop_index("ix_kegiatan_desa_id", table_name="kegiatan")
    op.create_index(
        "ix_kegiatan_desa_tahun_pilar_kode", "kegiatan", ["desa_id", "tahun", "pilar", "kode"]
    )
    op.create_index(
        "ix_kegiatan_tahun_pilar_sumber_anggaran",
        "kegiatan",
        ["tahun", "pilar", "sumber_dana_id", "anggaran"],
    )
    op.create_index(
        "ix_realisasi_kegiatan_triwulan_angka",
        "realisasi",
        ["kegiatan_id", "triwulan", "jumlah", "volume", "status"],
    )
    op.create_index("ix_peserta_nama", "peserta", ["nama"])
    op.create_index("ix_peserta_nik", "peserta", ["nik"])
    op.drop_index("ix_kehadiran_peserta_id", table_name="kehadiran")
    op.create_index("ix_kehadiran_peserta_status", "kehadiran", ["peserta_id", "status"])
    op.create_index("ix_kehadiran_pertemuan_status", "kehadiran", ["pertemuan_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_kehadiran_pertemuan_status", table_name="kehadiran")
    op.drop_index("ix_kehadiran_peserta_status", table_name="kehadiran")
    op.create_index("ix_kehadiran_peserta_id", "kehadiran", ["peserta_id"])
    op.drop_index("ix_peserta_nik", table_name="peserta")
    op.drop_index("ix_peserta_nama", table_name="peserta")
    op.drop_index("ix_realisasi_kegiatan_triwulan_angka", table_name="realisasi")
    op.drop_index("ix_kegiatan_tahun_pilar_sumber_anggaran", table_name="kegiatan")
    op.drop_index("ix_kegiatan_desa_tahun_pilar_kode", table_name="kegiatan")
    op.create_index("ix_kegiatan_desa_id", "kegiatan", ["desa_id"])
    op.drop_index("ix_kegiatan_tahun_pilar_kode", table_name="kegiatan")
    op.create_index("ix_kegiatan_tahun_pilar", "kegiatan", ["tahun", "pilar"])

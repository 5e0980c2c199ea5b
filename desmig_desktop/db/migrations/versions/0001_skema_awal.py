"""Skema awal: seluruh tabel Desmig Desktop.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:16:35.119845
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# The editable reference lists start with these entries (users may add, rename or hide).
SUMBER_DANA = ("APBN", "APBD Provinsi", "APBD Kabupaten/Kota", "Dana Desa", "Lainnya")
NEGARA = (
    "Malaysia",
    "Taiwan",
    "Hong Kong",
    "Arab Saudi",
    "Singapura",
    "Korea Selatan",
    "Jepang",
    "Brunei Darussalam",
    "Uni Emirat Arab",
    "Qatar",
    "Kuwait",
    "Oman",
    "Turki",
    "Polandia",
)
TOPIK = (
    "Sosialisasi Modul Community Parenting",
    "Pola Asuh Anak Usia Dini",
    "Komunikasi Anak dengan Orang Tua di Luar Negeri",
    "Kesehatan dan Gizi Anak",
    "Pencegahan Kekerasan terhadap Anak",
    "Pengelolaan Remitansi Keluarga",
    "Kepemimpinan Pemuda",
    "Keamanan Pangan Desa",
)


def _seed(table: str, names: tuple[str, ...]) -> None:
    t = sa.table(
        table,
        sa.column("nama", sa.String),
        sa.column("urutan", sa.Integer),
        sa.column("aktif", sa.Boolean),
    )
    op.bulk_insert(t, [{"nama": n, "urutan": i, "aktif": True} for i, n in enumerate(names, 1)])


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("kunci", sa.String(length=50), nullable=False),
        sa.Column("nilai", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kunci", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "desa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode_wilayah", sa.String(length=13), nullable=False),
        sa.Column("nama", sa.String(length=100), nullable=False),
        sa.Column("kecamatan", sa.String(length=100), nullable=False),
        sa.Column("kabkota", sa.String(length=100), nullable=False),
        sa.Column("provinsi", sa.String(length=100), nullable=False),
        sa.Column("tahun_penetapan", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("kepala_desa", sa.String(length=120), nullable=False),
        sa.Column("alamat_layanan", sa.String(length=250), nullable=False),
        sa.Column("perdes_pmi", sa.String(length=150), nullable=False),
        sa.Column("catatan", sa.Text(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('aktif', 'nonaktif')", name=op.f("ck_desa_status")),
        sa.CheckConstraint("tahun_penetapan >= 2016", name=op.f("ck_desa_tahun_penetapan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desa")),
        sa.UniqueConstraint("kode_wilayah", name=op.f("uq_desa_kode_wilayah")),
        sa.UniqueConstraint("public_id", name=op.f("uq_desa_public_id")),
    )
    with op.batch_alter_table("desa", schema=None) as batch_op:
        batch_op.create_index("ix_desa_kecamatan", ["kecamatan"], unique=False)
        batch_op.create_index("ix_desa_nama", ["nama"], unique=False)

    op.create_table(
        "identitas_kantor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pemerintah", sa.String(length=150), nullable=False),
        sa.Column("instansi", sa.String(length=150), nullable=False),
        sa.Column("alamat", sa.String(length=250), nullable=False),
        sa.Column("telepon", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("laman", sa.String(length=120), nullable=False),
        sa.Column("kota", sa.String(length=80), nullable=False),
        sa.Column("kode_kabkota", sa.String(length=5), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identitas_kantor")),
    )
    op.create_table(
        "negara",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nama", sa.String(length=80), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negara")),
        sa.UniqueConstraint("nama", name=op.f("uq_negara_nama")),
    )
    op.create_table(
        "penandatangan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("jabatan", sa.String(length=150), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=True),
        sa.Column("pangkat", sa.String(length=80), nullable=False),
        sa.Column("peran", sa.String(length=20), nullable=False),
        sa.Column("awalan", sa.String(length=5), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "peran IN ('kepala_dinas', 'koordinator', 'penanggung_jawab', 'lainnya')",
            name=op.f("ck_penandatangan_peran"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penandatangan")),
        sa.UniqueConstraint("public_id", name=op.f("uq_penandatangan_public_id")),
    )
    op.create_table(
        "sumber_dana",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nama", sa.String(length=60), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sumber_dana")),
        sa.UniqueConstraint("nama", name=op.f("uq_sumber_dana_nama")),
    )
    op.create_table(
        "tahun_anggaran",
        sa.Column("tahun", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("ditutup", sa.Boolean(), nullable=False),
        sa.Column("ditutup_pada", sa.DateTime(), nullable=True),
        sa.Column("catatan", sa.Text(), nullable=False),
        sa.CheckConstraint("tahun BETWEEN 2016 AND 2100", name=op.f("ck_tahun_anggaran_tahun")),
        sa.PrimaryKeyConstraint("tahun", name=op.f("pk_tahun_anggaran")),
    )
    op.create_table(
        "topik_parenting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nama", sa.String(length=150), nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topik_parenting")),
        sa.UniqueConstraint("nama", name=op.f("uq_topik_parenting_nama")),
    )
    op.create_table(
        "wilayah",
        sa.Column("kode", sa.String(length=13), nullable=False),
        sa.Column("nama", sa.String(length=100), nullable=False),
        sa.Column("induk", sa.String(length=13), nullable=True),
        sa.Column("tingkat", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("tingkat BETWEEN 1 AND 4", name=op.f("ck_wilayah_tingkat")),
        sa.PrimaryKeyConstraint("kode", name=op.f("pk_wilayah")),
    )
    with op.batch_alter_table("wilayah", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wilayah_induk"), ["induk"], unique=False)
        batch_op.create_index("ix_wilayah_nama", ["nama"], unique=False)

    op.create_table(
        "aset_pilar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desa_id", sa.Integer(), nullable=False),
        sa.Column("jenis", sa.String(length=20), nullable=False),
        sa.Column("nama", sa.String(length=150), nullable=False),
        sa.Column("badan_hukum_nomor", sa.String(length=100), nullable=False),
        sa.Column("badan_hukum_tanggal", sa.Date(), nullable=True),
        sa.Column("jumlah_anggota", sa.Integer(), nullable=True),
        sa.Column("modal", sa.BigInteger(), nullable=True),
        sa.Column("keterangan", sa.Text(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "jenis IN ('kelompok_usaha', 'kelompok_parenting', 'rumah_belajar', 'koperasi', 'bumdes')",
            name=op.f("ck_aset_pilar_jenis"),
        ),
        sa.CheckConstraint(
            "(jumlah_anggota IS NULL OR jumlah_anggota >= 0) AND (modal IS NULL OR modal >= 0)",
            name=op.f("ck_aset_pilar_tidak_negatif"),
        ),
        sa.ForeignKeyConstraint(
            ["desa_id"], ["desa.id"], name=op.f("fk_aset_pilar_desa_id_desa"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aset_pilar")),
        sa.UniqueConstraint("public_id", name=op.f("uq_aset_pilar_public_id")),
    )
    with op.batch_alter_table("aset_pilar", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aset_pilar_desa_id"), ["desa_id"], unique=False)

    op.create_table(
        "kegiatan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode", sa.String(length=30), nullable=False),
        sa.Column("tahun", sa.SmallInteger(), nullable=False),
        sa.Column("pilar", sa.String(length=3), nullable=False),
        sa.Column("desa_id", sa.Integer(), nullable=True),
        sa.Column("nama", sa.String(length=250), nullable=False),
        sa.Column("deskripsi", sa.Text(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("satuan", sa.String(length=30), nullable=False),
        sa.Column("triwulan", sa.String(length=1), nullable=False),
        sa.Column("bulan", sa.SmallInteger(), nullable=True),
        sa.Column("anggaran", sa.BigInteger(), nullable=False),
        sa.Column("sumber_dana_id", sa.Integer(), nullable=False),
        sa.Column("penanggung_jawab", sa.String(length=120), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint("pilar IN ('I', 'II', 'III', 'IV')", name=op.f("ck_kegiatan_pilar")),
        sa.CheckConstraint("triwulan IN ('1', '2', '3', '4')", name=op.f("ck_kegiatan_triwulan")),
        sa.CheckConstraint("anggaran >= 0", name=op.f("ck_kegiatan_anggaran")),
        sa.CheckConstraint(
            "bulan IS NULL OR bulan BETWEEN 1 AND 12", name=op.f("ck_kegiatan_bulan")
        ),
        sa.CheckConstraint("volume > 0", name=op.f("ck_kegiatan_volume")),
        sa.ForeignKeyConstraint(
            ["desa_id"], ["desa.id"], name=op.f("fk_kegiatan_desa_id_desa"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["sumber_dana_id"],
            ["sumber_dana.id"],
            name=op.f("fk_kegiatan_sumber_dana_id_sumber_dana"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tahun"],
            ["tahun_anggaran.tahun"],
            name=op.f("fk_kegiatan_tahun_tahun_anggaran"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kegiatan")),
        sa.UniqueConstraint("kode", name=op.f("uq_kegiatan_kode")),
        sa.UniqueConstraint("public_id", name=op.f("uq_kegiatan_public_id")),
    )
    with op.batch_alter_table("kegiatan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kegiatan_desa_id"), ["desa_id"], unique=False)
        batch_op.create_index("ix_kegiatan_tahun_pilar", ["tahun", "pilar"], unique=False)

    op.create_table(
        "pagu",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tahun", sa.SmallInteger(), nullable=False),
        sa.Column("pilar", sa.String(length=3), nullable=False),
        sa.Column("sumber_dana_id", sa.Integer(), nullable=False),
        sa.Column("jumlah", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("pilar IN ('I', 'II', 'III', 'IV')", name=op.f("ck_pagu_pilar")),
        sa.CheckConstraint("jumlah >= 0", name=op.f("ck_pagu_jumlah")),
        sa.ForeignKeyConstraint(
            ["sumber_dana_id"],
            ["sumber_dana.id"],
            name=op.f("fk_pagu_sumber_dana_id_sumber_dana"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tahun"],
            ["tahun_anggaran.tahun"],
            name=op.f("fk_pagu_tahun_tahun_anggaran"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pagu")),
        sa.UniqueConstraint(
            "tahun", "pilar", "sumber_dana_id", name=op.f("uq_pagu_tahun_pilar_sumber_dana_id")
        ),
    )
    with op.batch_alter_table("pagu", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pagu_tahun"), ["tahun"], unique=False)

    op.create_table(
        "pertemuan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desa_id", sa.Integer(), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("topik", sa.String(length=150), nullable=False),
        sa.Column("fasilitator", sa.String(length=120), nullable=False),
        sa.Column("tempat", sa.String(length=150), nullable=False),
        sa.Column("catatan", sa.Text(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["desa_id"], ["desa.id"], name=op.f("fk_pertemuan_desa_id_desa"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pertemuan")),
        sa.UniqueConstraint(
            "desa_id", "tanggal", "topik", name=op.f("uq_pertemuan_desa_id_tanggal_topik")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_pertemuan_public_id")),
    )
    with op.batch_alter_table("pertemuan", schema=None) as batch_op:
        batch_op.create_index("ix_pertemuan_tanggal", ["tanggal"], unique=False)

    op.create_table(
        "peserta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desa_id", sa.Integer(), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("jenis_kelamin", sa.String(length=1), nullable=False),
        sa.Column("tanggal_lahir", sa.Date(), nullable=True),
        sa.Column("kategori", sa.String(length=10), nullable=False),
        sa.Column("sekolah", sa.String(length=120), nullable=False),
        sa.Column("kelas", sa.String(length=20), nullable=False),
        sa.Column("wali_id", sa.Integer(), nullable=True),
        sa.Column("orang_tua_di_luar_negeri", sa.String(length=10), nullable=False),
        sa.Column("negara_orang_tua", sa.String(length=80), nullable=False),
        sa.Column("telepon_wali", sa.String(length=20), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("persetujuan_oleh", sa.String(length=120), nullable=False),
        sa.Column("persetujuan_hubungan", sa.String(length=40), nullable=False),
        sa.Column("persetujuan_tanggal", sa.Date(), nullable=True),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("catatan", sa.Text(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint("jenis_kelamin IN ('L', 'P')", name=op.f("ck_peserta_jenis_kelamin")),
        sa.CheckConstraint(
            "kategori IN ('anak', 'ayah', 'ibu', 'kakek', 'nenek', 'wali', 'kader')",
            name=op.f("ck_peserta_kategori"),
        ),
        sa.ForeignKeyConstraint(
            ["desa_id"], ["desa.id"], name=op.f("fk_peserta_desa_id_desa"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["wali_id"],
            ["peserta.id"],
            name=op.f("fk_peserta_wali_id_peserta"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peserta")),
        sa.UniqueConstraint("public_id", name=op.f("uq_peserta_public_id")),
    )
    with op.batch_alter_table("peserta", schema=None) as batch_op:
        batch_op.create_index("ix_peserta_desa_nama", ["desa_id", "nama"], unique=False)

    op.create_table(
        "petugas_desa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desa_id", sa.Integer(), nullable=False),
        sa.Column("peran", sa.String(length=20), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("telepon", sa.String(length=20), nullable=False),
        sa.Column("sk_nomor", sa.String(length=100), nullable=False),
        sa.Column("sk_tanggal", sa.Date(), nullable=True),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "peran IN ('petugas', 'penanggung_jawab', 'pendamping', 'lainnya')",
            name=op.f("ck_petugas_desa_peran"),
        ),
        sa.ForeignKeyConstraint(
            ["desa_id"], ["desa.id"], name=op.f("fk_petugas_desa_desa_id_desa"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petugas_desa")),
        sa.UniqueConstraint("public_id", name=op.f("uq_petugas_desa_public_id")),
    )
    with op.batch_alter_table("petugas_desa", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petugas_desa_desa_id"), ["desa_id"], unique=False)

    op.create_table(
        "statistik_desa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desa_id", sa.Integer(), nullable=False),
        sa.Column("tahun", sa.SmallInteger(), nullable=False),
        sa.Column("jumlah_penduduk", sa.Integer(), nullable=True),
        sa.Column("jumlah_kk", sa.Integer(), nullable=True),
        sa.Column("pmi_aktif_l", sa.Integer(), nullable=False),
        sa.Column("pmi_aktif_p", sa.Integer(), nullable=False),
        sa.Column("cpmi", sa.Integer(), nullable=False),
        sa.Column("pmi_purna", sa.Integer(), nullable=False),
        sa.Column("catatan", sa.Text(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "pmi_aktif_l >= 0 AND pmi_aktif_p >= 0 AND cpmi >= 0 AND pmi_purna >= 0 AND (jumlah_penduduk IS NULL OR jumlah_penduduk >= 0) AND (jumlah_kk IS NULL OR jumlah_kk >= 0)",
            name=op.f("ck_statistik_desa_tidak_negatif"),
        ),
        sa.ForeignKeyConstraint(
            ["desa_id"],
            ["desa.id"],
            name=op.f("fk_statistik_desa_desa_id_desa"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistik_desa")),
        sa.UniqueConstraint("desa_id", "tahun", name=op.f("uq_statistik_desa_desa_id_tahun")),
        sa.UniqueConstraint("public_id", name=op.f("uq_statistik_desa_public_id")),
    )
    op.create_table(
        "kehadiran",
        sa.Column("pertemuan_id", sa.Integer(), nullable=False),
        sa.Column("peserta_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.CheckConstraint("status IN ('H', 'I', 'S', 'A')", name=op.f("ck_kehadiran_status")),
        sa.ForeignKeyConstraint(
            ["pertemuan_id"],
            ["pertemuan.id"],
            name=op.f("fk_kehadiran_pertemuan_id_pertemuan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["peserta_id"],
            ["peserta.id"],
            name=op.f("fk_kehadiran_peserta_id_peserta"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pertemuan_id", "peserta_id", name=op.f("pk_kehadiran")),
    )
    with op.batch_alter_table("kehadiran", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kehadiran_peserta_id"), ["peserta_id"], unique=False)

    op.create_table(
        "realisasi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kegiatan_id", sa.Integer(), nullable=False),
        sa.Column("triwulan", sa.String(length=1), nullable=False),
        sa.Column("jumlah", sa.BigInteger(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("keterangan", sa.Text(), nullable=False),
        sa.Column("melebihi_rencana", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("dibuat", sa.DateTime(), nullable=False),
        sa.Column("diubah", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('rencana', 'berjalan', 'selesai', 'batal')",
            name=op.f("ck_realisasi_status"),
        ),
        sa.CheckConstraint("triwulan IN ('1', '2', '3', '4')", name=op.f("ck_realisasi_triwulan")),
        sa.CheckConstraint("jumlah >= 0 AND volume >= 0", name=op.f("ck_realisasi_tidak_negatif")),
        sa.ForeignKeyConstraint(
            ["kegiatan_id"],
            ["kegiatan.id"],
            name=op.f("fk_realisasi_kegiatan_id_kegiatan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisasi")),
        sa.UniqueConstraint(
            "kegiatan_id", "triwulan", name=op.f("uq_realisasi_kegiatan_id_triwulan")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_realisasi_public_id")),
    )
    op.create_table(
        "statistik_negara",
        sa.Column("statistik_id", sa.Integer(), nullable=False),
        sa.Column("negara_id", sa.Integer(), nullable=False),
        sa.Column("jumlah", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "jumlah IS NULL OR jumlah >= 0", name=op.f("ck_statistik_negara_jumlah")
        ),
        sa.ForeignKeyConstraint(
            ["negara_id"],
            ["negara.id"],
            name=op.f("fk_statistik_negara_negara_id_negara"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["statistik_id"],
            ["statistik_desa.id"],
            name=op.f("fk_statistik_negara_statistik_id_statistik_desa"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statistik_id", "negara_id", name=op.f("pk_statistik_negara")),
    )

    _seed("sumber_dana", SUMBER_DANA)
    _seed("negara", NEGARA)
    _seed("topik_parenting", TOPIK)


def downgrade() -> None:
    op.drop_table("statistik_negara")
    op.drop_table("realisasi")
    with op.batch_alter_table("kehadiran", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kehadiran_peserta_id"))

    op.drop_table("kehadiran")
    op.drop_table("statistik_desa")
    with op.batch_alter_table("petugas_desa", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petugas_desa_desa_id"))

    op.drop_table("petugas_desa")
    with op.batch_alter_table("peserta", schema=None) as batch_op:
        batch_op.drop_index("ix_peserta_desa_nama")

    op.drop_table("peserta")
    with op.batch_alter_table("pertemuan", schema=None) as batch_op:
        batch_op.drop_index("ix_pertemuan_tanggal")

    op.drop_table("pertemuan")
    with op.batch_alter_table("pagu", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pagu_tahun"))

    op.drop_table("pagu")
    with op.batch_alter_table("kegiatan", schema=None) as batch_op:
        batch_op.drop_index("ix_kegiatan_tahun_pilar")
        batch_op.drop_index(batch_op.f("ix_kegiatan_desa_id"))

    op.drop_table("kegiatan")
    with op.batch_alter_table("aset_pilar", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aset_pilar_desa_id"))

    op.drop_table("aset_pilar")
    with op.batch_alter_table("wilayah", schema=None) as batch_op:
        batch_op.drop_index("ix_wilayah_nama")
        batch_op.drop_index(batch_op.f("ix_wilayah_induk"))

    op.drop_table("wilayah")
    op.drop_table("topik_parenting")
    op.drop_table("tahun_anggaran")
    op.drop_table("sumber_dana")
    op.drop_table("penandatangan")
    op.drop_table("negara")
    op.drop_table("identitas_kantor")
    with op.batch_alter_table("desa", schema=None) as batch_op:
        batch_op.drop_index("ix_desa_nama")
        batch_op.drop_index("ix_desa_kecamatan")

    op.drop_table("desa")
    op.drop_table("app_meta")

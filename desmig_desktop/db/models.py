"""The database schema: SQLAlchemy 2 typed models for the whole programme.

Conventions:
- every record a user creates has an integer key and a stable ``public_id``
  (UUID text) for exchange and merging between offices, and keeps its natural
  key (region code, activity code);
- money is exact (``Money``: Decimal stored as hundredths);
- vocabularies are plain strings guarded by named CHECK constraints, so the
  schema stays portable to PostgreSQL;
- constraints are named (Alembic batch migrations on SQLite need names).

The schema is created and changed only by the Alembic migrations in
``db/migrations``; a test checks the models and the migrations agree.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desmig_desktop.db.types import Hundredths, Money
from desmig_desktop.domain.enums import (
    JenisAset,
    JenisKelamin,
    KategoriPeserta,
    Kehadiran,
    PeranPenandatangan,
    PeranPetugas,
    Pilar,
    StatusDesa,
    StatusKegiatan,
    Triwulan,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _uuid() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _in(column: str, vocab: type[Enum], name: str) -> CheckConstraint:
    values = ", ".join(f"'{m.value}'" for m in vocab)
    return CheckConstraint(f"{column} IN ({values})", name=name)


class PublicIdMixin:
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=_uuid)
    dibuat: Mapped[datetime] = mapped_column(DateTime, default=_now)
    diubah: Mapped[datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


# --- Reference data ---------------------------------------------------------------


class Wilayah(Base):
    """Official regions (Kemendagri), loaded from resources/wilayah on first start."""

    __tablename__ = "wilayah"

    kode: Mapped[str] = mapped_column(String(13), primary_key=True)
    nama: Mapped[str] = mapped_column(String(100))
    induk: Mapped[str | None] = mapped_column(String(13), index=True)
    tingkat: Mapped[int] = mapped_column(SmallInteger)

    __table_args__ = (
        Index("ix_wilayah_nama", "nama"),
        CheckConstraint("tingkat BETWEEN 1 AND 4", name="tingkat"),
    )


class AppMeta(Base):
    """Small key/value facts about the database itself (e.g. region data version)."""

    __tablename__ = "app_meta"

    kunci: Mapped[str] = mapped_column(String(50), primary_key=True)
    nilai: Mapped[str] = mapped_column(Text)


class Negara(Base):
    """Destination countries (an editable list)."""

    __tablename__ = "negara"

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(80), unique=True)
    urutan: Mapped[int] = mapped_column(Integer, default=0)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


class SumberDana(Base):
    """Funding sources (an editable list; APBN, APBD Provinsi, ...)."""

    __tablename__ = "sumber_dana"

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(60), unique=True)
    urutan: Mapped[int] = mapped_column(Integer, default=0)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


class TopikParenting(Base):
    """Community-parenting module topics (an editable list)."""

    __tablename__ = "topik_parenting"

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(150), unique=True)
    urutan: Mapped[int] = mapped_column(Integer, default=0)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


# --- Office -----------------------------------------------------------------------


class IdentitasKantor(Base):
    """The office's identity for letterheads (a single row, id 1)."""

    __tablename__ = "identitas_kantor"

    id: Mapped[int] = mapped_column(primary_key=True)
    pemerintah: Mapped[str] = mapped_column(String(150), default="")
    instansi: Mapped[str] = mapped_column(String(150), default="")
    alamat: Mapped[str] = mapped_column(String(250), default="")
    telepon: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    laman: Mapped[str] = mapped_column(String(120), default="")
    kota: Mapped[str] = mapped_column(String(80), default="")
    kode_kabkota: Mapped[str | None] = mapped_column(String(5))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    diubah: Mapped[datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class Penandatangan(PublicIdMixin, Base):
    """A person who signs the office's documents."""

    __tablename__ = "penandatangan"

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(120))
    jabatan: Mapped[str] = mapped_column(String(150), default="")
    nip: Mapped[str | None] = mapped_column(String(18))
    pangkat: Mapped[str] = mapped_column(String(80), default="")
    peran: Mapped[str] = mapped_column(String(20))
    awalan: Mapped[str] = mapped_column(String(5), default="")
    urutan: Mapped[int] = mapped_column(Integer, default=0)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (_in("peran", PeranPenandatangan, "peran"),)


# --- Villages ---------------------------------------------------------------------


class Desa(PublicIdMixin, Base):
    """A Desmigratif village profile. Region names are kept as they were when saved."""

    __tablename__ = "desa"

    id: Mapped[int] = mapped_column(primary_key=True)
    kode_wilayah: Mapped[str] = mapped_column(String(13), unique=True)
    nama: Mapped[str] = mapped_column(String(100))
    kecamatan: Mapped[str] = mapped_column(String(100), default="")
    kabkota: Mapped[str] = mapped_column(String(100), default="")
    provinsi: Mapped[str] = mapped_column(String(100), default="")
    tahun_penetapan: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(10), default=StatusDesa.AKTIF.value)
    kepala_desa: Mapped[str] = mapped_column(String(120), default="")
    alamat_layanan: Mapped[str] = mapped_column(String(250), default="")
    perdes_pmi: Mapped[str] = mapped_column(String(150), default="")
    catatan: Mapped[str] = mapped_column(Text, default="")

    petugas: Mapped[list[PetugasDesa]] = relationship(
        back_populates="desa", cascade="all, delete-orphan", passive_deletes=True
    )
    statistik: Mapped[list[StatistikDesa]] = relationship(
        back_populates="desa", cascade="all, delete-orphan", passive_deletes=True
    )
    aset: Mapped[list[AsetPilar]] = relationship(
        back_populates="desa", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        _in("status", StatusDesa, "status"),
        CheckConstraint("tahun_penetapan >= 2016", name="tahun_penetapan"),
        Index("ix_desa_nama", "nama"),
        Index("ix_desa_kecamatan", "kecamatan"),
    )


class PetugasDesa(PublicIdMixin, Base):
    """An officer of a village (petugas desmigratif, penanggung jawab, ...)."""

    __tablename__ = "petugas_desa"

    id: Mapped[int] = mapped_column(primary_key=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("desa.id", ondelete="CASCADE"), index=True)
    peran: Mapped[str] = mapped_column(String(20), default=PeranPetugas.PETUGAS.value)
    nama: Mapped[str] = mapped_column(String(120))
    telepon: Mapped[str] = mapped_column(String(20), default="")
    sk_nomor: Mapped[str] = mapped_column(String(100), default="")
    sk_tanggal: Mapped[date | None] = mapped_column(Date)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)

    desa: Mapped[Desa] = relationship(back_populates="petugas")

    __table_args__ = (_in("peran", PeranPetugas, "peran"),)


class StatistikDesa(PublicIdMixin, Base):
    """A village's migration statistics for one year."""

    __tablename__ = "statistik_desa"

    id: Mapped[int] = mapped_column(primary_key=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("desa.id", ondelete="CASCADE"))
    tahun: Mapped[int] = mapped_column(SmallInteger)
    jumlah_penduduk: Mapped[int | None] = mapped_column(Integer)
    jumlah_kk: Mapped[int | None] = mapped_column(Integer)
    pmi_aktif_l: Mapped[int] = mapped_column(Integer, default=0)
    pmi_aktif_p: Mapped[int] = mapped_column(Integer, default=0)
    cpmi: Mapped[int] = mapped_column(Integer, default=0)
    pmi_purna: Mapped[int] = mapped_column(Integer, default=0)
    catatan: Mapped[str] = mapped_column(Text, default="")

    desa: Mapped[Desa] = relationship(back_populates="statistik")
    negara: Mapped[list[StatistikNegara]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        UniqueConstraint("desa_id", "tahun"),
        CheckConstraint(
            "pmi_aktif_l >= 0 AND pmi_aktif_p >= 0 AND cpmi >= 0 AND pmi_purna >= 0"
            " AND (jumlah_penduduk IS NULL OR jumlah_penduduk >= 0)"
            " AND (jumlah_kk IS NULL OR jumlah_kk >= 0)",
            name="tidak_negatif",
        ),
    )


class StatistikNegara(Base):
    """How many of a village's migrants work in one destination country in a year."""

    __tablename__ = "statistik_negara"

    statistik_id: Mapped[int] = mapped_column(
        ForeignKey("statistik_desa.id", ondelete="CASCADE"), primary_key=True
    )
    negara_id: Mapped[int] = mapped_column(
        ForeignKey("negara.id", ondelete="RESTRICT"), primary_key=True
    )
    jumlah: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("jumlah IS NULL OR jumlah >= 0", name="jumlah"),)


class AsetPilar(PublicIdMixin, Base):
    """What a pillar has built in a village: business group, parenting group, cooperative."""

    __tablename__ = "aset_pilar"

    id: Mapped[int] = mapped_column(primary_key=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("desa.id", ondelete="CASCADE"), index=True)
    jenis: Mapped[str] = mapped_column(String(20))
    nama: Mapped[str] = mapped_column(String(150))
    badan_hukum_nomor: Mapped[str] = mapped_column(String(100), default="")
    badan_hukum_tanggal: Mapped[date | None] = mapped_column(Date)
    jumlah_anggota: Mapped[int | None] = mapped_column(Integer)
    modal: Mapped[Decimal | None] = mapped_column(Money)
    keterangan: Mapped[str] = mapped_column(Text, default="")

    desa: Mapped[Desa] = relationship(back_populates="aset")

    __table_args__ = (
        _in("jenis", JenisAset, "jenis"),
        CheckConstraint(
            "(jumlah_anggota IS NULL OR jumlah_anggota >= 0) AND (modal IS NULL OR modal >= 0)",
            name="tidak_negatif",
        ),
    )


# --- Budget and plans -------------------------------------------------------------


class TahunAnggaran(Base):
    """A fiscal year (= calendar year); closed years are read-only."""

    __tablename__ = "tahun_anggaran"

    tahun: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    ditutup: Mapped[bool] = mapped_column(Boolean, default=False)
    ditutup_pada: Mapped[datetime | None] = mapped_column(DateTime)
    catatan: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("tahun BETWEEN 2016 AND 2100", name="tahun"),)


class Pagu(Base):
    """The budget ceiling for a year, pillar and funding source."""

    __tablename__ = "pagu"

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int] = mapped_column(
        ForeignKey("tahun_anggaran.tahun", ondelete="CASCADE"), index=True
    )
    pilar: Mapped[str] = mapped_column(String(3))
    sumber_dana_id: Mapped[int] = mapped_column(ForeignKey("sumber_dana.id", ondelete="RESTRICT"))
    jumlah: Mapped[Decimal] = mapped_column(Money)

    __table_args__ = (
        UniqueConstraint("tahun", "pilar", "sumber_dana_id"),
        _in("pilar", Pilar, "pilar"),
        CheckConstraint("jumlah >= 0", name="jumlah"),
    )


class Kegiatan(PublicIdMixin, Base):
    """A planned activity of one pillar in one fiscal year."""

    __tablename__ = "kegiatan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(30), unique=True)
    tahun: Mapped[int] = mapped_column(ForeignKey("tahun_anggaran.tahun", ondelete="RESTRICT"))
    pilar: Mapped[str] = mapped_column(String(3))
    desa_id: Mapped[int | None] = mapped_column(ForeignKey("desa.id", ondelete="RESTRICT"))
    nama: Mapped[str] = mapped_column(String(250))
    deskripsi: Mapped[str] = mapped_column(Text, default="")
    volume: Mapped[Decimal] = mapped_column(Hundredths)
    satuan: Mapped[str] = mapped_column(String(30))
    triwulan: Mapped[str] = mapped_column(String(1))
    bulan: Mapped[int | None] = mapped_column(SmallInteger)
    anggaran: Mapped[Decimal] = mapped_column(Money)
    sumber_dana_id: Mapped[int] = mapped_column(ForeignKey("sumber_dana.id", ondelete="RESTRICT"))
    penanggung_jawab: Mapped[str] = mapped_column(String(120), default="")

    realisasi: Mapped[list[Realisasi]] = relationship(
        back_populates="kegiatan", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        # the plan list: one year, ordered by pillar and code, read a page at a time
        Index("ix_kegiatan_tahun_pilar_kode", "tahun", "pilar", "kode"),
        # ... and one village's (or the district-wide) lines of a year, in the same order
        Index("ix_kegiatan_desa_tahun_pilar_kode", "desa_id", "tahun", "pilar", "kode"),
        # the budget summary of a year (count and sum per pillar and source) from the index
        Index(
            "ix_kegiatan_tahun_pilar_sumber_anggaran",
            "tahun",
            "pilar",
            "sumber_dana_id",
            "anggaran",
        ),
        _in("pilar", Pilar, "pilar"),
        _in("triwulan", Triwulan, "triwulan"),
        CheckConstraint("volume > 0", name="volume"),
        CheckConstraint("anggaran >= 0", name="anggaran"),
        CheckConstraint("bulan IS NULL OR bulan BETWEEN 1 AND 12", name="bulan"),
    )


class Realisasi(PublicIdMixin, Base):
    """What an activity spent and achieved in one quarter."""

    __tablename__ = "realisasi"

    id: Mapped[int] = mapped_column(primary_key=True)
    kegiatan_id: Mapped[int] = mapped_column(ForeignKey("kegiatan.id", ondelete="CASCADE"))
    triwulan: Mapped[str] = mapped_column(String(1))
    jumlah: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    volume: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    status: Mapped[str] = mapped_column(String(10), default=StatusKegiatan.RENCANA.value)
    keterangan: Mapped[str] = mapped_column(Text, default="")
    melebihi_rencana: Mapped[bool] = mapped_column(Boolean, default=False)

    kegiatan: Mapped[Kegiatan] = relationship(back_populates="realisasi")

    __table_args__ = (
        UniqueConstraint("kegiatan_id", "triwulan"),
        # sums and states per activity and quarter (summary, checks) from the index alone
        Index(
            "ix_realisasi_kegiatan_triwulan_angka",
            "kegiatan_id",
            "triwulan",
            "jumlah",
            "volume",
            "status",
        ),
        _in("triwulan", Triwulan, "triwulan"),
        _in("status", StatusKegiatan, "status"),
        CheckConstraint("jumlah >= 0 AND volume >= 0", name="tidak_negatif"),
    )


# --- Community parenting ----------------------------------------------------------


class Peserta(PublicIdMixin, Base):
    """A community-parenting participant (child, caregiver, parent, facilitator)."""

    __tablename__ = "peserta"

    id: Mapped[int] = mapped_column(primary_key=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("desa.id", ondelete="RESTRICT"))
    nama: Mapped[str] = mapped_column(String(120))
    jenis_kelamin: Mapped[str] = mapped_column(String(1))
    tanggal_lahir: Mapped[date | None] = mapped_column(Date)
    kategori: Mapped[str] = mapped_column(String(10))
    sekolah: Mapped[str] = mapped_column(String(120), default="")
    kelas: Mapped[str] = mapped_column(String(20), default="")
    wali_id: Mapped[int | None] = mapped_column(ForeignKey("peserta.id", ondelete="SET NULL"))
    orang_tua_di_luar_negeri: Mapped[str] = mapped_column(String(10), default="")
    negara_orang_tua: Mapped[str] = mapped_column(String(80), default="")
    telepon_wali: Mapped[str] = mapped_column(String(20), default="")
    nik: Mapped[str | None] = mapped_column(String(16))
    persetujuan_oleh: Mapped[str] = mapped_column(String(120), default="")
    persetujuan_hubungan: Mapped[str] = mapped_column(String(40), default="")
    persetujuan_tanggal: Mapped[date | None] = mapped_column(Date)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    catatan: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_peserta_desa_nama", "desa_id", "nama"),
        # the participant list of all villages (ordered by name) and its type-ahead search
        Index("ix_peserta_nama", "nama"),
        Index("ix_peserta_nik", "nik"),
        _in("jenis_kelamin", JenisKelamin, "jenis_kelamin"),
        _in("kategori", KategoriPeserta, "kategori"),
    )


class Pertemuan(PublicIdMixin, Base):
    """A community-parenting session in a village."""

    __tablename__ = "pertemuan"

    id: Mapped[int] = mapped_column(primary_key=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("desa.id", ondelete="RESTRICT"))
    tanggal: Mapped[date] = mapped_column(Date)
    topik: Mapped[str] = mapped_column(String(150))
    fasilitator: Mapped[str] = mapped_column(String(120), default="")
    tempat: Mapped[str] = mapped_column(String(150), default="")
    catatan: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("desa_id", "tanggal", "topik"),
        Index("ix_pertemuan_tanggal", "tanggal"),
    )


class KehadiranPeserta(Base):
    """One attendance mark: a participant at a session (H, I, S, A)."""

    __tablename__ = "kehadiran"

    pertemuan_id: Mapped[int] = mapped_column(
        ForeignKey("pertemuan.id", ondelete="CASCADE"), primary_key=True
    )
    peserta_id: Mapped[int] = mapped_column(
        ForeignKey("peserta.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(1))

    __table_args__ = (
        _in("status", Kehadiran, "status"),
        # covering indexes: counts of H/I/S/A per session and per participant read no rows
        Index("ix_kehadiran_pertemuan_status", "pertemuan_id", "status"),
        Index("ix_kehadiran_peserta_status", "peserta_id", "status"),
    )


# --- Audit trail ------------------------------------------------------------------


class Riwayat(Base):
    """One entry of the audit trail: who changed which record, when, and how.

    Written by the flush listener in :mod:`desmig_desktop.db.riwayat` for every insert,
    update and delete of user data made through the ORM, and once per import (``impor``,
    with the row count). ``rekaman`` is the record's ``public_id`` (or its natural key);
    ``induk`` the owning record's (a village for its officers, an activity for its
    realisation, a participant for marks) so the owner's history shows them too.
    ``perubahan`` is JSON: ``{"kolom": [lama, baru], ...}``.
    """

    __tablename__ = "riwayat"

    id: Mapped[int] = mapped_column(primary_key=True)
    waktu: Mapped[datetime] = mapped_column(DateTime)
    pengguna: Mapped[str] = mapped_column(String(100))
    aksi: Mapped[str] = mapped_column(String(10))
    tabel: Mapped[str] = mapped_column(String(40))
    rekaman: Mapped[str | None] = mapped_column(String(64))
    induk: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(250), default="")
    perubahan: Mapped[str] = mapped_column(Text, default="{}")
    jumlah: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("aksi IN ('tambah', 'ubah', 'hapus', 'impor', 'pulihkan')", name="aksi"),
        Index("ix_riwayat_waktu", "waktu"),
        Index("ix_riwayat_rekaman", "rekaman"),
        Index("ix_riwayat_induk", "induk"),
        Index("ix_riwayat_tabel_waktu", "tabel", "waktu"),
    )

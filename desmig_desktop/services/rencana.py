"""Fiscal years, pagu, activity plans and quarterly realisation, with the budget rules.

The rules live here so that the window, the import and the command line obey
them alike:
- the planned budgets of a year, pillar and funding source never exceed its
  pagu (the message names the pagu, what is already planned and what is left);
- amounts and volumes are never negative (a plan's volume is above zero);
- realisation above an activity's planned budget needs ``confirm_over=True``
  and is then flagged;
- nothing is written to a closed year.
Money is ``Decimal`` throughout; serapan = realisation to date / pagu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select, tuple_
from sqlalchemy.orm import aliased

from desmig_desktop.db.models import (
    Desa,
    Kegiatan,
    Pagu,
    Realisasi,
    SumberDana,
    TahunAnggaran,
)
from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import NotFound, ValidationError
from desmig_desktop.domain.formatting import format_rupiah, persen
from desmig_desktop.domain.lembar import TAHUN_AWAL_PROGRAM
from desmig_desktop.services.uow import UnitOfWork

ZERO = Decimal(0)
KODE_POLA = re.compile(r"^(\d{4})-(I|II|III|IV)-(\d{3,})$")


class BudgetExceeded(ValidationError):
    """The planned budgets would exceed the pagu of a year, pillar and funding source."""

    def __init__(
        self, message: str, *, pagu: Decimal, direncanakan: Decimal, sisa: Decimal
    ) -> None:
        super().__init__(message, "Anggaran (Rp)")
        self.pagu, self.direncanakan, self.sisa = pagu, direncanakan, sisa


class YearClosed(ValidationError):
    """The fiscal year is closed: read-only until reopened."""


class OverPlanNeedsConfirmation(ValidationError):
    """Realisation above the planned budget: the user must confirm it explicitly."""


def _rp(amount: Decimal) -> str:
    return format_rupiah(amount)


# --- fiscal years and funding sources ---------------------------------------------


@dataclass(frozen=True)
class TahunInfo:
    tahun: int
    ditutup: bool


def list_tahun(uow: UnitOfWork) -> list[TahunInfo]:
    rows = uow.session.scalars(select(TahunAnggaran).order_by(TahunAnggaran.tahun))
    return [TahunInfo(r.tahun, r.ditutup) for r in rows]


def _validate_tahun(tahun: object) -> int:
    if isinstance(tahun, bool) or not isinstance(tahun, int):
        raise ValidationError("Tahun anggaran harus tahun, mis. 2024.", "Tahun Anggaran")
    if not TAHUN_AWAL_PROGRAM <= tahun <= datetime.now().year + 2:
        raise ValidationError(
            f"Tahun anggaran {tahun} di luar rentang {TAHUN_AWAL_PROGRAM}–"
            f"{datetime.now().year + 2}.",
            "Tahun Anggaran",
        )
    return tahun


def _tahun_row(uow: UnitOfWork, tahun: int, *, for_write: bool) -> TahunAnggaran:
    row = uow.session.get(TahunAnggaran, tahun)
    if row is None:
        raise ValidationError(
            f"Tahun anggaran {tahun} belum dibuat. Buat tahun anggaran itu lebih dulu.",
            "Tahun Anggaran",
        )
    if for_write and row.ditutup:
        raise YearClosed(
            f"Tahun anggaran {tahun} sudah ditutup; buka kembali tahun itu untuk mengubah data.",
            "Tahun Anggaran",
        )
    return row


def create_tahun(uow: UnitOfWork, tahun: int) -> TahunInfo:
    tahun = _validate_tahun(tahun)
    if uow.session.get(TahunAnggaran, tahun) is not None:
        raise ValidationError(f"Tahun anggaran {tahun} sudah ada.", "Tahun Anggaran")
    uow.session.add(TahunAnggaran(tahun=tahun))
    uow.commit()
    return TahunInfo(tahun, False)


def ensure_tahun(uow: UnitOfWork, tahun: int) -> None:
    """Create the year if missing (no commit); used by imports."""
    tahun = _validate_tahun(tahun)
    if uow.session.get(TahunAnggaran, tahun) is None:
        uow.session.add(TahunAnggaran(tahun=tahun))
        uow.session.flush()


def close_tahun(uow: UnitOfWork, tahun: int) -> None:
    row = _tahun_row(uow, tahun, for_write=False)
    row.ditutup = True
    row.ditutup_pada = datetime.now().replace(microsecond=0)
    uow.commit()


def reopen_tahun(uow: UnitOfWork, tahun: int) -> None:
    row = _tahun_row(uow, tahun, for_write=False)
    row.ditutup = False
    row.ditutup_pada = None
    uow.commit()


def list_sumber_dana(uow: UnitOfWork, *, all_: bool = False) -> list[str]:
    stmt = select(SumberDana.nama).order_by(SumberDana.urutan, SumberDana.nama)
    if not all_:
        stmt = stmt.where(SumberDana.aktif.is_(True))
    return list(uow.session.scalars(stmt))


def add_sumber_dana(uow: UnitOfWork, nama: str) -> None:
    nama = " ".join((nama or "").split())
    if not nama:
        raise ValidationError("Nama sumber dana wajib diisi.", "Sumber Dana")
    if _sumber_id(uow, nama, required=False) is not None:
        raise ValidationError(f'Sumber dana "{nama}" sudah ada.', "Sumber Dana")
    top = uow.session.scalar(select(func.max(SumberDana.urutan))) or 0
    uow.session.add(SumberDana(nama=nama, urutan=top + 1))
    uow.commit()


def _sumber_id(uow: UnitOfWork, nama: str, *, required: bool = True) -> int | None:
    key = " ".join((nama or "").split()).casefold()
    for sid, sname in uow.session.execute(select(SumberDana.id, SumberDana.nama)):
        if sname.casefold() == key or (key == "csr/lainnya" and sname == "Lainnya"):
            return sid
    if required:
        names = ", ".join(list_sumber_dana(uow))
        raise ValidationError(
            f'Sumber dana "{nama}" tidak dikenal; pilihan: {names}.', "Sumber Dana"
        )
    return None


# --- pagu --------------------------------------------------------------------------


def _planned(
    uow: UnitOfWork, tahun: int, pilar: Pilar, sumber_id: int, exclude_id: int | None = None
) -> Decimal:
    stmt = select(func.coalesce(func.sum(Kegiatan.anggaran), 0)).where(
        Kegiatan.tahun == tahun,
        Kegiatan.pilar == pilar.value,
        Kegiatan.sumber_dana_id == sumber_id,
    )
    if exclude_id is not None:
        stmt = stmt.where(Kegiatan.id != exclude_id)
    return _money(uow.session.scalar(stmt))


def _money(raw: object) -> Decimal:
    """A SUM over a Money column comes back in hundredths when coalesced to 0."""
    if raw is None:
        return ZERO
    if isinstance(raw, Decimal):
        return raw
    return (Decimal(int(raw)) / 100).quantize(Decimal("0.01"))


def _pagu_amount(uow: UnitOfWork, tahun: int, pilar: Pilar, sumber_id: int) -> Decimal | None:
    return uow.session.scalar(
        select(Pagu.jumlah).where(
            Pagu.tahun == tahun, Pagu.pilar == pilar.value, Pagu.sumber_dana_id == sumber_id
        )
    )


def set_pagu(
    uow: UnitOfWork,
    tahun: int,
    pilar: Pilar | str,
    sumber: str,
    jumlah: Decimal,
    *,
    commit: bool = True,
) -> None:
    """Set the pagu of a year, pillar and funding source (never below what is planned)."""
    pilar = Pilar.parse(pilar, "Pilar")
    _tahun_row(uow, tahun, for_write=True)
    if jumlah is None or jumlah < 0:
        raise ValidationError(f"Pagu tidak boleh negatif (diisi {jumlah}).", "Pagu (Rp)")
    sid = _sumber_id(uow, sumber)
    assert sid is not None
    planned = _planned(uow, tahun, pilar, sid)
    if jumlah < planned:
        raise BudgetExceeded(
            f"Pagu {pilar.judul} sumber {sumber} tahun {tahun} tidak dapat diturunkan ke "
            f"{_rp(jumlah)}: sudah direncanakan {_rp(planned)}.",
            pagu=jumlah,
            direncanakan=planned,
            sisa=jumlah - planned,
        )
    row = uow.session.scalar(
        select(Pagu).where(
            Pagu.tahun == tahun, Pagu.pilar == pilar.value, Pagu.sumber_dana_id == sid
        )
    )
    if row is None:
        uow.session.add(Pagu(tahun=tahun, pilar=pilar.value, sumber_dana_id=sid, jumlah=jumlah))
    else:
        row.jumlah = jumlah
    uow.session.flush()
    if commit:
        uow.commit()


# --- activities -------------------------------------------------------------------


@dataclass
class KegiatanData:
    tahun: int
    pilar: Pilar
    nama: str
    volume: Decimal
    satuan: str
    triwulan: Triwulan
    anggaran: Decimal
    sumber_dana: str
    kode: str | None = None
    kode_wilayah: str | None = None  # the village; None = district-wide
    deskripsi: str = ""
    bulan: int | None = None
    penanggung_jawab: str = ""
    id: int | None = None


def next_kode(uow: UnitOfWork, tahun: int, pilar: Pilar) -> str:
    prefix = f"{tahun}-{pilar.value}-"
    codes = uow.session.scalars(select(Kegiatan.kode).where(Kegiatan.kode.like(f"{prefix}%")))
    top = 0
    for kode in codes:
        m = KODE_POLA.match(kode)
        if m and m.group(1) == str(tahun) and m.group(2) == pilar.value:
            top = max(top, int(m.group(3)))
    return f"{prefix}{top + 1:03d}"


def _check_pagu(
    uow: UnitOfWork,
    tahun: int,
    pilar: Pilar,
    sumber: str,
    sid: int,
    anggaran: Decimal,
    exclude_id: int | None,
) -> None:
    pagu = _pagu_amount(uow, tahun, pilar, sid)
    planned = _planned(uow, tahun, pilar, sid, exclude_id)
    periksa_pagu(tahun, pilar, sumber, pagu, planned, anggaran)


def periksa_pagu(
    tahun: int,
    pilar: Pilar,
    sumber: str,
    pagu: Decimal | None,
    planned: Decimal,
    anggaran: Decimal,
) -> None:
    """The pagu rule: ``anggaran`` on top of what is already ``planned`` must fit the pagu
    of the year, pillar and source (``None``: no pagu set yet). Raises BudgetExceeded."""
    if pagu is None:
        raise BudgetExceeded(
            f"Belum ada pagu {pilar.judul} sumber {sumber} tahun {tahun}; isi pagunya dulu.",
            pagu=ZERO,
            direncanakan=planned,
            sisa=ZERO,
        )
    if planned + anggaran > pagu:
        sisa = pagu - planned
        raise BudgetExceeded(
            f"Anggaran {_rp(anggaran)} melebihi pagu {pilar.judul} sumber {sumber} tahun "
            f"{tahun}: pagu {_rp(pagu)}, sudah direncanakan {_rp(planned)}, sisa {_rp(sisa)}.",
            pagu=pagu,
            direncanakan=planned,
            sisa=sisa,
        )


def periksa_isian(k: KegiatanData) -> tuple[Pilar, Triwulan, str, str]:
    """The rules of a plan line's own fields (no database): its pillar, quarter, name and
    unit, cleaned; volume above 0, budget not negative, month within the quarter."""
    pilar = Pilar.parse(k.pilar, "Pilar")
    triwulan = Triwulan.parse(k.triwulan, "Triwulan")
    nama = " ".join((k.nama or "").split())
    if not nama:
        raise ValidationError("Nama kegiatan wajib diisi.", "Nama Kegiatan")
    satuan = " ".join((k.satuan or "").split())
    if not satuan:
        raise ValidationError("Satuan target wajib diisi, mis. orang, kali, paket.", "Satuan")
    if k.volume is None or k.volume <= 0:
        raise ValidationError(f"Volume target harus lebih dari 0 (diisi {k.volume}).", "Volume")
    if k.anggaran is None or k.anggaran < 0:
        raise ValidationError(
            f"Anggaran tidak boleh negatif (diisi {k.anggaran}).", "Anggaran (Rp)"
        )
    if k.bulan is not None and (
        k.bulan < 1 or k.bulan > 12 or Triwulan.dari_bulan(k.bulan) is not triwulan
    ):
        raise ValidationError(f"Bulan {k.bulan} tidak termasuk {triwulan.label}.", "Bulan")
    return pilar, triwulan, nama, satuan


def periksa_kode(k: KegiatanData, pilar: Pilar) -> str | None:
    """The line's code, trimmed (None: to be numbered), in the form ``2024-II-001`` of its
    year and pillar. Whether another line uses it is the caller's check."""
    kode = (k.kode or "").strip() or None
    if kode is not None:
        m = KODE_POLA.match(kode)
        if not m or int(m.group(1)) != k.tahun or m.group(2) != pilar.value:
            raise ValidationError(
                f'Kode kegiatan "{kode}" tidak sah: bentuknya {k.tahun}-{pilar.value}-001 '
                "(tahun, pilar, nomor urut).",
                "Kode Kegiatan",
            )
    return kode


def kegiatan_bersih(
    k: KegiatanData, pilar: Pilar, triwulan: Triwulan, nama: str, satuan: str, kode: str | None
) -> KegiatanData:
    """The checked line as it is stored."""
    return KegiatanData(
        tahun=k.tahun,
        pilar=pilar,
        nama=nama,
        volume=k.volume,
        satuan=satuan,
        triwulan=triwulan,
        anggaran=k.anggaran,
        sumber_dana=k.sumber_dana,
        kode=kode,
        kode_wilayah=k.kode_wilayah or None,
        deskripsi=(k.deskripsi or "").strip(),
        bulan=k.bulan,
        penanggung_jawab=" ".join((k.penanggung_jawab or "").split()),
        id=k.id,
    )


def validate_kegiatan(uow: UnitOfWork, k: KegiatanData) -> tuple[KegiatanData, int, int | None]:
    """Check a plan line; returns it cleaned, with the funding-source and village ids."""
    _tahun_row(uow, k.tahun, for_write=True)
    pilar, triwulan, nama, satuan = periksa_isian(k)
    sid = _sumber_id(uow, k.sumber_dana)
    assert sid is not None
    desa_id = None
    if k.kode_wilayah:
        desa_id = uow.session.scalar(select(Desa.id).where(Desa.kode_wilayah == k.kode_wilayah))
        if desa_id is None:
            raise ValidationError(
                f"Desa {k.kode_wilayah} belum terdaftar sebagai desa Desmigratif.", "Kode Wilayah"
            )
    kode = periksa_kode(k, pilar)
    if kode is not None:
        other = uow.session.scalar(select(Kegiatan.id).where(Kegiatan.kode == kode))
        if other is not None and other != k.id:
            raise ValidationError(f'Kode kegiatan "{kode}" sudah dipakai.', "Kode Kegiatan")
    clean = kegiatan_bersih(k, pilar, triwulan, nama, satuan, kode)
    _check_pagu(uow, k.tahun, pilar, k.sumber_dana, sid, k.anggaran, k.id)
    return clean, sid, desa_id


def write_kegiatan(uow: UnitOfWork, k: KegiatanData, *, confirm_over: bool = False) -> Kegiatan:
    """Validate and write a plan line into the session (no commit).

    Lowering a budget below what the activity has already realised needs
    ``confirm_over`` (the activity is then flagged); the flags follow the budget.
    """
    clean, sid, desa_id = validate_kegiatan(uow, k)
    realised = ZERO
    if clean.id is not None:
        realised = _money(
            uow.session.scalar(
                select(func.coalesce(func.sum(Realisasi.jumlah), 0)).where(
                    Realisasi.kegiatan_id == clean.id
                )
            )
        )
        if realised > clean.anggaran and not confirm_over:
            raise OverPlanNeedsConfirmation(
                f"Anggaran {_rp(clean.anggaran)} lebih kecil dari realisasi yang sudah tercatat "
                f"{_rp(realised)}. Konfirmasi bila memang benar; kegiatan ini akan ditandai "
                "di laporan.",
                "Anggaran (Rp)",
            )
    if clean.id is None:
        row = Kegiatan(kode=clean.kode or next_kode(uow, clean.tahun, clean.pilar))
        uow.session.add(row)
    else:
        row = uow.session.get(Kegiatan, clean.id)
        if row is None:
            raise NotFound("Kegiatan ini sudah dihapus di tempat lain; muat ulang daftar.")
        if row.tahun != clean.tahun:
            _tahun_row(uow, row.tahun, for_write=True)
        if clean.kode:
            row.kode = clean.kode
        elif row.pilar != clean.pilar.value or row.tahun != clean.tahun:
            row.kode = next_kode(uow, clean.tahun, clean.pilar)
    row.tahun, row.pilar, row.desa_id = clean.tahun, clean.pilar.value, desa_id
    row.nama, row.deskripsi = clean.nama, clean.deskripsi
    row.volume, row.satuan = clean.volume, clean.satuan
    row.triwulan, row.bulan = clean.triwulan.value, clean.bulan
    row.anggaran, row.sumber_dana_id = clean.anggaran, sid
    row.penanggung_jawab = clean.penanggung_jawab
    uow.session.flush()
    if clean.id is not None:
        over = realised > clean.anggaran
        for r in uow.session.scalars(select(Realisasi).where(Realisasi.kegiatan_id == row.id)):
            r.melebihi_rencana = over
        uow.session.flush()
    return row


def save_kegiatan(uow: UnitOfWork, k: KegiatanData, *, confirm_over: bool = False) -> int:
    row = write_kegiatan(uow, k, confirm_over=confirm_over)
    uow.commit()
    return row.id


def get_kegiatan(uow: UnitOfWork, kegiatan_id: int) -> KegiatanData:
    row = uow.session.get(Kegiatan, kegiatan_id)
    if row is None:
        raise NotFound("Kegiatan ini sudah dihapus; muat ulang daftar.")
    sumber = uow.session.get(SumberDana, row.sumber_dana_id)
    kode_wilayah = None
    if row.desa_id is not None:
        kode_wilayah = uow.session.scalar(select(Desa.kode_wilayah).where(Desa.id == row.desa_id))
    return KegiatanData(
        tahun=row.tahun,
        pilar=Pilar(row.pilar),
        nama=row.nama,
        volume=row.volume,
        satuan=row.satuan,
        triwulan=Triwulan(row.triwulan),
        anggaran=row.anggaran,
        sumber_dana=sumber.nama if sumber else "",
        kode=row.kode,
        kode_wilayah=kode_wilayah,
        deskripsi=row.deskripsi,
        bulan=row.bulan,
        penanggung_jawab=row.penanggung_jawab,
        id=row.id,
    )


def delete_kegiatan(uow: UnitOfWork, kegiatan_id: int) -> None:
    row = uow.session.get(Kegiatan, kegiatan_id)
    if row is None:
        return
    _tahun_row(uow, row.tahun, for_write=True)
    uow.session.delete(row)
    uow.commit()


# --- realisation ------------------------------------------------------------------


@dataclass
class RealisasiData:
    triwulan: Triwulan
    jumlah: Decimal = ZERO
    volume: Decimal = ZERO
    status: StatusKegiatan = StatusKegiatan.BERJALAN
    keterangan: str = ""


def periksa_realisasi(r: RealisasiData) -> tuple[Triwulan, StatusKegiatan]:
    """The rules of a quarter's realisation on its own (no database): its quarter and
    status; amount and volume not negative."""
    triwulan = Triwulan.parse(r.triwulan, "Triwulan")
    status = StatusKegiatan.parse(r.status, "Status")
    if r.jumlah is None or r.jumlah < 0:
        raise ValidationError(
            f"Realisasi tidak boleh negatif (diisi {r.jumlah}).", "Realisasi (Rp)"
        )
    if r.volume is None or r.volume < 0:
        raise ValidationError(
            f"Volume realisasi tidak boleh negatif (diisi {r.volume}).", "Volume Realisasi"
        )
    return triwulan, status


def periksa_melebihi(kode: str, total: Decimal, anggaran: Decimal, confirm_over: bool) -> bool:
    """Whether the activity's realisation to date, ``total``, exceeds its budget; above
    the budget without ``confirm_over`` raises OverPlanNeedsConfirmation."""
    over = total > anggaran
    if over and not confirm_over:
        raise OverPlanNeedsConfirmation(
            f"Realisasi kegiatan {kode} sampai kini menjadi {_rp(total)}, melebihi "
            f"anggarannya {_rp(anggaran)} sebesar {_rp(total - anggaran)}. "
            "Konfirmasi bila memang benar; kegiatan ini akan ditandai di laporan.",
            "Realisasi (Rp)",
        )
    return over


def write_realisasi(
    uow: UnitOfWork, kegiatan_id: int, r: RealisasiData, *, confirm_over: bool = False
) -> Realisasi:
    """Record a quarter's realisation (no commit). Over the plan needs ``confirm_over``."""
    keg = uow.session.get(Kegiatan, kegiatan_id)
    if keg is None:
        raise NotFound("Kegiatan ini sudah dihapus; muat ulang daftar.")
    _tahun_row(uow, keg.tahun, for_write=True)
    triwulan, status = periksa_realisasi(r)
    others = _money(
        uow.session.scalar(
            select(func.coalesce(func.sum(Realisasi.jumlah), 0)).where(
                Realisasi.kegiatan_id == kegiatan_id, Realisasi.triwulan != triwulan.value
            )
        )
    )
    over = periksa_melebihi(keg.kode, others + r.jumlah, keg.anggaran, confirm_over)
    row = uow.session.scalar(
        select(Realisasi).where(
            Realisasi.kegiatan_id == kegiatan_id, Realisasi.triwulan == triwulan.value
        )
    )
    if row is None:
        row = Realisasi(kegiatan_id=kegiatan_id, triwulan=triwulan.value)
        uow.session.add(row)
    row.jumlah, row.volume = r.jumlah, r.volume
    row.status, row.keterangan = status.value, (r.keterangan or "").strip()
    row.melebihi_rencana = over
    uow.session.flush()
    # other quarters' flags follow the new total
    for other in uow.session.scalars(
        select(Realisasi).where(Realisasi.kegiatan_id == kegiatan_id, Realisasi.id != row.id)
    ):
        other.melebihi_rencana = over
    return row


def save_realisasi(
    uow: UnitOfWork, kegiatan_id: int, r: RealisasiData, *, confirm_over: bool = False
) -> None:
    write_realisasi(uow, kegiatan_id, r, confirm_over=confirm_over)
    uow.commit()


def get_realisasi(uow: UnitOfWork, kegiatan_id: int) -> dict[Triwulan, RealisasiData]:
    rows = uow.session.scalars(select(Realisasi).where(Realisasi.kegiatan_id == kegiatan_id))
    return {
        Triwulan(r.triwulan): RealisasiData(
            Triwulan(r.triwulan), r.jumlah, r.volume, StatusKegiatan(r.status), r.keterangan
        )
        for r in rows
    }


# --- copy a year ------------------------------------------------------------------


def copy_year(uow: UnitOfWork, dari: int, ke: int) -> int:
    """Copy the pagu and plan of year ``dari`` into the new year ``ke`` (no realisation).

    Returns the number of activities copied. Refused when ``ke`` already holds plans.
    """
    _tahun_row(uow, dari, for_write=False)
    ke = _validate_tahun(ke)
    if ke == dari:
        raise ValidationError("Tahun tujuan sama dengan tahun asal.", "Tahun Anggaran")
    target = uow.session.get(TahunAnggaran, ke)
    if target is None:
        uow.session.add(TahunAnggaran(tahun=ke))
        uow.session.flush()
    elif target.ditutup:
        raise YearClosed(f"Tahun anggaran {ke} sudah ditutup.", "Tahun Anggaran")
    existing = uow.session.scalar(
        select(func.count()).select_from(Kegiatan).where(Kegiatan.tahun == ke)
    )
    if existing:
        raise ValidationError(
            f"Tahun anggaran {ke} sudah berisi {existing} kegiatan; salin hanya ke tahun "
            "yang masih kosong.",
            "Tahun Anggaran",
        )
    for p in uow.session.scalars(select(Pagu).where(Pagu.tahun == dari)):
        if _pagu_amount(uow, ke, Pilar(p.pilar), p.sumber_dana_id) is None:
            uow.session.add(
                Pagu(tahun=ke, pilar=p.pilar, sumber_dana_id=p.sumber_dana_id, jumlah=p.jumlah)
            )
    uow.session.flush()
    count = 0
    for k in uow.session.scalars(
        select(Kegiatan).where(Kegiatan.tahun == dari).order_by(Kegiatan.kode)
    ):
        kode = k.kode.replace(f"{dari}-", f"{ke}-", 1)
        uow.session.add(
            Kegiatan(
                kode=kode,
                tahun=ke,
                pilar=k.pilar,
                desa_id=k.desa_id,
                nama=k.nama,
                deskripsi=k.deskripsi,
                volume=k.volume,
                satuan=k.satuan,
                triwulan=k.triwulan,
                bulan=k.bulan,
                anggaran=k.anggaran,
                sumber_dana_id=k.sumber_dana_id,
                penanggung_jawab=k.penanggung_jawab,
            )
        )
        count += 1
    uow.commit()
    return count


# --- read side: the plan list and the budget summary -----------------------------


@dataclass(frozen=True)
class KegiatanBaris:
    id: int
    kode: str
    pilar: Pilar
    desa: str  # village name, or "" for district-wide
    kode_wilayah: str
    nama: str
    volume: Decimal
    satuan: str
    triwulan: Triwulan
    anggaran: Decimal
    sumber_dana: str
    penanggung_jawab: str
    realisasi_tw: tuple[Decimal, Decimal, Decimal, Decimal]
    volume_tw: tuple[Decimal, Decimal, Decimal, Decimal]
    status: StatusKegiatan
    melebihi: bool
    keterangan: str
    status_tw: tuple[StatusKegiatan | None, ...] = (None, None, None, None)
    keterangan_tw: tuple[str, ...] = ("", "", "", "")

    def melebihi_sd(self, sampai: Triwulan | int = 4) -> bool:
        """Realisation through quarter ``sampai`` above the planned budget."""
        return self.realisasi_sd(sampai) > self.anggaran

    def keterangan_sd(self, sampai: Triwulan | int = 4) -> str:
        """Notes of the quarters up to ``sampai`` (later quarters' notes don't show)."""
        q = sampai.nomor if isinstance(sampai, Triwulan) else sampai
        return "; ".join(k for k in self.keterangan_tw[:q] if k)

    def status_sd(self, sampai: Triwulan | int = 4) -> StatusKegiatan:
        """The status as of the end of quarter ``sampai`` (later quarters don't count)."""
        q = sampai.nomor if isinstance(sampai, Triwulan) else sampai
        return next(
            (s for s in reversed(self.status_tw[:q]) if s is not None), StatusKegiatan.RENCANA
        )

    def realisasi_sd(self, sampai: Triwulan | int = 4) -> Decimal:
        q = sampai.nomor if isinstance(sampai, Triwulan) else sampai
        return sum(self.realisasi_tw[:q], ZERO)

    def volume_sd(self, sampai: Triwulan | int = 4) -> Decimal:
        q = sampai.nomor if isinstance(sampai, Triwulan) else sampai
        return sum(self.volume_tw[:q], ZERO)


@dataclass(frozen=True)
class KegiatanFilter:
    pilar: Pilar | None = None
    kode_wilayah: str | None = None  # "" = district-wide only
    status: StatusKegiatan | None = None
    triwulan: Triwulan | None = None


def _status_terakhir() -> ColumnElement[str]:
    """An activity's status: that of its latest quarter with realisation, else rencana."""
    r = aliased(Realisasi)
    latest = (
        select(r.status)
        .where(r.kegiatan_id == Kegiatan.id)
        .order_by(r.triwulan.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(latest, StatusKegiatan.RENCANA.value)


def _saring(stmt: Select, tahun: int, f: KegiatanFilter) -> Select:  # type: ignore[type-arg]
    """The year and the filter's conditions (no join needed: the village by subquery)."""
    stmt = stmt.where(Kegiatan.tahun == tahun)
    if f.pilar is not None:
        stmt = stmt.where(Kegiatan.pilar == f.pilar.value)
    if f.kode_wilayah is not None:
        if f.kode_wilayah:
            desa_id = select(Desa.id).where(Desa.kode_wilayah == f.kode_wilayah)
            stmt = stmt.where(Kegiatan.desa_id == desa_id.scalar_subquery())
        else:
            stmt = stmt.where(Kegiatan.desa_id.is_(None))
    if f.triwulan is not None:
        stmt = stmt.where(Kegiatan.triwulan == f.triwulan.value)
    if f.status is not None:
        stmt = stmt.where(_status_terakhir() == f.status.value)
    return stmt


KunciKegiatan = tuple[str, str]  # (pilar, kode): the plan's order, and a page's keyset


def kunci_kegiatan(k: KegiatanBaris) -> KunciKegiatan:
    return (k.pilar.value, k.kode)


def _baris_kegiatan(uow: UnitOfWork, stmt: Select) -> list[KegiatanBaris]:  # type: ignore[type-arg]
    """Plan lines for ``stmt``'s rows, with their realisation per quarter (one more query)."""
    rows = uow.session.execute(stmt).all()
    real: dict[int, dict[str, Any]] = {}
    ids = [r.id for r in rows]
    for i in range(0, len(ids), 500):
        for r in uow.session.execute(
            select(
                Realisasi.kegiatan_id,
                Realisasi.triwulan,
                Realisasi.jumlah,
                Realisasi.volume,
                Realisasi.status,
                Realisasi.keterangan,
                Realisasi.melebihi_rencana,
            ).where(Realisasi.kegiatan_id.in_(ids[i : i + 500]))
        ):
            real.setdefault(r.kegiatan_id, {})[r.triwulan] = r
    out = []
    for k in rows:
        per = real.get(k.id, {})
        quarters = [per.get(str(q)) for q in range(1, 5)]
        latest = next((q for q in reversed(quarters) if q is not None), None)
        out.append(
            KegiatanBaris(
                id=k.id,
                kode=k.kode,
                pilar=Pilar(k.pilar),
                desa=k.desa or "",
                kode_wilayah=k.kode_wilayah or "",
                nama=k.nama,
                volume=k.volume,
                satuan=k.satuan,
                triwulan=Triwulan(k.triwulan),
                anggaran=k.anggaran,
                sumber_dana=k.sumber_dana,
                penanggung_jawab=k.penanggung_jawab,
                realisasi_tw=tuple(q.jumlah if q else ZERO for q in quarters),  # type: ignore[arg-type]
                volume_tw=tuple(q.volume if q else ZERO for q in quarters),  # type: ignore[arg-type]
                status=StatusKegiatan(latest.status) if latest else StatusKegiatan.RENCANA,
                status_tw=tuple(StatusKegiatan(q.status) if q else None for q in quarters),
                keterangan_tw=tuple(q.keterangan if q else "" for q in quarters),
                melebihi=any(q.melebihi_rencana for q in quarters if q),
                keterangan="; ".join(q.keterangan for q in quarters if q and q.keterangan),
            )
        )
    return out


def _kegiatan_select(tahun: int, f: KegiatanFilter) -> Select:  # type: ignore[type-arg]
    stmt = (
        select(
            Kegiatan.id,
            Kegiatan.kode,
            Kegiatan.pilar,
            Kegiatan.nama,
            Kegiatan.volume,
            Kegiatan.satuan,
            Kegiatan.triwulan,
            Kegiatan.anggaran,
            Kegiatan.penanggung_jawab,
            Desa.nama.label("desa"),
            Desa.kode_wilayah,
            SumberDana.nama.label("sumber_dana"),
        )
        .outerjoin(Desa, Desa.id == Kegiatan.desa_id)
        .join(SumberDana, SumberDana.id == Kegiatan.sumber_dana_id)
    )
    # pillar values sort as the pillars do (I < II < III < IV): one index gives the order
    return _saring(stmt, tahun, f).order_by(Kegiatan.pilar, Kegiatan.kode)


def list_kegiatan(
    uow: UnitOfWork, tahun: int, f: KegiatanFilter = KegiatanFilter()
) -> list[KegiatanBaris]:
    """The year's whole plan, ordered by pillar and code, with realisation per quarter
    (for the exports and the report; the page reads it with ``halaman_kegiatan``)."""
    return _baris_kegiatan(uow, _kegiatan_select(tahun, f))


def halaman_kegiatan(
    uow: UnitOfWork,
    tahun: int,
    f: KegiatanFilter = KegiatanFilter(),
    *,
    setelah: KunciKegiatan | None = None,
    batas: int = 300,
) -> list[KegiatanBaris]:
    """One page of the plan as ``list_kegiatan`` orders it: the ``batas`` lines after the
    line whose key is ``setelah`` (keyset paging over the (tahun, pilar, kode) index)."""
    stmt = _kegiatan_select(tahun, f)
    if setelah is not None and f.pilar is not None:  # one pillar: the code alone goes on
        stmt = stmt.where(Kegiatan.kode > setelah[1])
    elif setelah is not None:
        stmt = stmt.where(tuple_(Kegiatan.pilar, Kegiatan.kode) > tuple_(*setelah))
    return _baris_kegiatan(uow, stmt.limit(batas))


def posisi_kegiatan(
    uow: UnitOfWork, tahun: int, f: KegiatanFilter, kegiatan_id: int
) -> KunciKegiatan | None:
    """The key of activity ``kegiatan_id`` when the filtered plan of ``tahun`` lists it."""
    row = uow.session.execute(
        _saring(select(Kegiatan.pilar, Kegiatan.kode), tahun, f).where(Kegiatan.id == kegiatan_id)
    ).first()
    return (row.pilar, row.kode) if row else None


@dataclass(frozen=True)
class JumlahKegiatan:
    """Count, budget and realisation per quarter of the filtered plan lines of a pillar
    (``pilar`` None: of all pillars)."""

    pilar: Pilar | None
    kegiatan: int = 0
    anggaran: Decimal = ZERO
    realisasi_tw: tuple[Decimal, Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO, ZERO)

    def realisasi_sd(self, sampai: Triwulan | int = 4) -> Decimal:
        q = sampai.nomor if isinstance(sampai, Triwulan) else sampai
        return sum(self.realisasi_tw[:q], ZERO)


def jumlah_kegiatan(
    uow: UnitOfWork, tahun: int, f: KegiatanFilter = KegiatanFilter()
) -> dict[Pilar | None, JumlahKegiatan]:
    """Subtotals per pillar (pillars with lines only) and the total (key ``None``) of the
    filtered plan, from two GROUP BY queries (never from the lines on the screen)."""
    if f == KegiatanFilter():
        return jumlah_dari_ringkasan(ringkasan_anggaran(uow, tahun))
    counts = {
        pilar: (int(n), _money(total))
        for pilar, n, total in uow.session.execute(
            _saring(
                select(Kegiatan.pilar, func.count(), func.sum(Kegiatan.anggaran)), tahun, f
            ).group_by(Kegiatan.pilar)
        )
    }
    real = {
        pilar: [_money(v) for v in tw]
        for pilar, *tw in uow.session.execute(
            _saring(_realisasi_per_tw((Kegiatan.pilar,)), tahun, f)
        )
    }
    out: dict[Pilar | None, JumlahKegiatan] = {}
    for p in Pilar:
        if p.value in counts:
            n, anggaran = counts[p.value]
            tw = tuple(real.get(p.value, [ZERO] * 4))
            out[p] = JumlahKegiatan(p, n, anggaran, tw)  # type: ignore[arg-type]
    out[None] = _jumlah_semua(list(out.values()))
    return out


def _jumlah_semua(parts: list[JumlahKegiatan]) -> JumlahKegiatan:
    return JumlahKegiatan(
        None,
        sum(j.kegiatan for j in parts),
        sum((j.anggaran for j in parts), ZERO),
        tuple(sum((j.realisasi_tw[q] for j in parts), ZERO) for q in range(4)),  # type: ignore[arg-type]
    )


def jumlah_dari_ringkasan(r: RingkasanAnggaran) -> dict[Pilar | None, JumlahKegiatan]:
    """The unfiltered plan's subtotals, read off the budget summary of the same year."""
    out: dict[Pilar | None, JumlahKegiatan] = {
        p: JumlahKegiatan(p, b.kegiatan, b.rencana, tuple(b.realisasi_tw))  # type: ignore[arg-type]
        for p, b in r.per_pilar.items()
        if b.kegiatan
    }
    out[None] = _jumlah_semua(list(out.values()))
    return out


@dataclass
class AnggaranBaris:
    """Budget figures of one pillar and funding source (or a subtotal/total)."""

    pilar: Pilar | None
    sumber_dana: str
    pagu: Decimal = ZERO
    rencana: Decimal = ZERO
    realisasi_tw: list[Decimal] = field(default_factory=lambda: [ZERO] * 4)
    kegiatan: int = 0  # how many activities are planned

    def realisasi_sd(self, sampai: int = 4) -> Decimal:
        return sum(self.realisasi_tw[:sampai], ZERO)

    def sisa(self, sampai: int = 4) -> Decimal:
        return self.pagu - self.realisasi_sd(sampai)

    def serapan_sd(self, sampai: int = 4) -> Decimal | None:
        """Realisation to date over pagu, in percent (None when there is no pagu)."""
        return persen(self.realisasi_sd(sampai), self.pagu)

    def serapan_tw(self, triwulan: int) -> Decimal | None:
        return persen(self.realisasi_tw[triwulan - 1], self.pagu)

    def add(self, other: AnggaranBaris) -> None:
        self.pagu += other.pagu
        self.rencana += other.rencana
        self.kegiatan += other.kegiatan
        self.realisasi_tw = [
            a + b for a, b in zip(self.realisasi_tw, other.realisasi_tw, strict=True)
        ]


@dataclass
class RingkasanAnggaran:
    tahun: int
    baris: list[AnggaranBaris]  # per pillar and funding source
    per_pilar: dict[Pilar, AnggaranBaris]
    total: AnggaranBaris


def _realisasi_per_tw(by: tuple[Any, ...]) -> Select:  # type: ignore[type-arg]
    """Realisation of the activities, per ``by`` group, the four quarters side by side.

    One row per group in the order of the activities' index (no sort of the realisation
    rows), each activity's realisation read from the realisation index alone."""
    quarters = [
        func.coalesce(func.sum(case((Realisasi.triwulan == str(q), Realisasi.jumlah), else_=0)), 0)
        for q in range(1, 5)
    ]
    return (
        select(*by, *quarters).join(Realisasi, Realisasi.kegiatan_id == Kegiatan.id).group_by(*by)
    )


def ringkasan_anggaran(uow: UnitOfWork, tahun: int) -> RingkasanAnggaran:
    """Pagu, planned and realised per pillar and funding source, with subtotals."""
    s = uow.session
    sumber_nama = dict(s.execute(select(SumberDana.id, SumberDana.nama)).all())
    sumber_urut = dict(s.execute(select(SumberDana.id, SumberDana.urutan)).all())
    cells: dict[tuple[str, int], AnggaranBaris] = {}

    def cell(pilar: str, sid: int) -> AnggaranBaris:
        key = (pilar, sid)
        if key not in cells:
            cells[key] = AnggaranBaris(Pilar(pilar), sumber_nama[sid])
        return cells[key]

    for p in s.scalars(select(Pagu).where(Pagu.tahun == tahun)):
        cell(p.pilar, p.sumber_dana_id).pagu = p.jumlah
    by = (Kegiatan.pilar, Kegiatan.sumber_dana_id)  # the order of a covering index
    for pilar, sid, n, total in s.execute(
        select(*by, func.count(), func.sum(Kegiatan.anggaran))
        .where(Kegiatan.tahun == tahun)
        .group_by(*by)
    ):
        c = cell(pilar, sid)
        c.rencana, c.kegiatan = _money(total), int(n)
    for pilar, sid, *tw in s.execute(_realisasi_per_tw(by).where(Kegiatan.tahun == tahun)):
        cell(pilar, sid).realisasi_tw = [_money(v) for v in tw]
    order = {p.value: i for i, p in enumerate(Pilar)}
    baris = [
        b
        for (pilar, sid), b in sorted(
            cells.items(), key=lambda kv: (order[kv[0][0]], sumber_urut.get(kv[0][1], 0))
        )
    ]
    per_pilar = {p: AnggaranBaris(p, "Jumlah") for p in Pilar}
    total = AnggaranBaris(None, "Jumlah seluruh pilar")
    for b in baris:
        assert b.pilar is not None
        per_pilar[b.pilar].add(b)
        total.add(b)
    return RingkasanAnggaran(tahun=tahun, baris=baris, per_pilar=per_pilar, total=total)

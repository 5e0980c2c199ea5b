"""Import of the plans workbook (Pagu, Rencana Kegiatan, Realisasi): all rows or none.

``imports.rencana`` reads and checks the file (it knows files, not the database); here the
database lookups are supplied and the checked rows are written through the plans service
(:mod:`desmig_desktop.services.rencana`), so the window, the command line and the import
obey the same rules. Everything happens in one transaction; any refused row rolls all of
it back and every problem is reported at once (:class:`RencanaImportErrors`, lines such as
``Lembar "Rencana Kegiatan", Baris 5, kolom "Anggaran (Rp)": ...``).

Order of work:

1. the fiscal years named in the workbook are created when missing (``ensure_tahun``); a
   closed year refuses every row that writes to it;
2. the Pagu rows (``set_pagu``). A pagu lowered below what the database already plans is
   retried after the plans, so a workbook that lowers a pagu together with its plans goes
   through;
3. the Rencana Kegiatan rows (``write_kegiatan``): rows that lower the budget of an existing
   activity first, then the others in sheet order. Each plan is checked against the pagu as
   the workbook and the database hold it at that point, so two rows that each fit but
   together exceed the pagu are caught on the second, with the pagu, what is planned and
   what is left. A row whose code exists updates that activity; a row without a code is
   matched with an existing activity of the same year, pillar, village and name (the n-th
   such row with the n-th such activity, by code), else gets the next free code
   ``YYYY-P-NNN`` (after the highest in the database and in the workbook). Cells the sheet
   does not carry (description, month) are kept; an empty Penanggung Jawab keeps the stored
   name; a sheet without a Kode Wilayah column keeps each activity's village;
4. the Realisasi rows (``write_realisasi``), grouped per activity so that the order of its
   quarters does not matter. Realisation above the activity's budget is refused unless
   ``confirm_over=True`` (then it is flagged, like a confirmation in the window). The same
   holds for a plan whose budget the workbook lowers below the realisation already stored;
   the over-plan flags of a plan whose budget changed follow the new budget.

Importing the same workbook again changes nothing: the result then counts every row as
``tidak_berubah``.

At national scale (tens of thousands of rows) the rules run against what the database holds,
loaded once (the years, the funding sources, the pagu and the planned sums of the years the
workbook names, the activities it names with their realisation) and kept up to date in memory
row after row, in the order above, so that each rule sees what it would see in the database
at that point. The rules are those of :mod:`~desmig_desktop.services.rencana` (the same
refusals with the same messages); nothing is written until every row has passed, then the
changes go in with :mod:`~desmig_desktop.services.bulk` in the import's one transaction.

    result = import_rencana_file(db, "rencana.xlsx", confirm_over=False, progress=progress)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, Kegiatan, Pagu, Realisasi, SumberDana, TahunAnggaran
from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import NotFound, ValidationError
from desmig_desktop.domain.formatting import format_rupiah
from desmig_desktop.domain.lembar import (
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
    Kolom,
    format_kode_kegiatan,
    normalise_header,
    urai_kode_kegiatan,
)
from desmig_desktop.domain.progress import NullProgress, Progress, check, gc_ditunda
from desmig_desktop.imports.rencana import (
    KegiatanRow,
    LembarRowError,
    PaguRow,
    RealisasiRow,
    RencanaImportErrors,
    RencanaWorkbook,
    parse_rencana_workbook,
)
from desmig_desktop.imports.workbook import RowError
from desmig_desktop.services import bulk
from desmig_desktop.services.rencana import (
    BudgetExceeded,
    KegiatanData,
    OverPlanNeedsConfirmation,
    RealisasiData,
    YearClosed,
    ensure_tahun,
    kegiatan_bersih,
    list_sumber_dana,
    next_kode,
    periksa_isian,
    periksa_kode,
    periksa_melebihi,
    periksa_pagu,
    periksa_realisasi,
)
from desmig_desktop.services.riwayat import catat_impor, mode_impor
from desmig_desktop.services.uow import UnitOfWork

__all__ = [
    "ImportResult",
    "import_rencana",
    "import_rencana_file",
    "read_rencana_workbook",
]

_IN_BATCH = 500
"""Codes per ``IN (...)`` query (SQLite allows some hundreds of parameters safely)."""

_SATU_PER_SATU = 50
"""Activity codes looked up one query each before all codes are read at once."""

SARAN_MELEBIHI = (
    "Untuk menerimanya, ulangi impor dengan izin realisasi melebihi rencana "
    "(baris perintah: --izinkan-melebihi)."
)


@dataclass(frozen=True)
class ImportResult:
    """What an import changed: pagu values set, activities added and changed, quarters of
    realisation written; ``tidak_berubah`` counts rows that matched what was stored."""

    pagu: int
    kegiatan_baru: int
    kegiatan_diubah: int
    realisasi: int
    tidak_berubah: int = 0

    @property
    def ada_perubahan(self) -> bool:
        return bool(self.pagu or self.kegiatan_baru or self.kegiatan_diubah or self.realisasi)


def read_rencana_workbook(
    path: str | Path,
    uow: UnitOfWork,
    progress: Progress | None = None,
    *,
    this_year: int | None = None,
) -> RencanaWorkbook:
    """Read and check the workbook against the funding sources, villages and activity codes
    of the database. Raises ``RencanaImportErrors`` with every problem; reads only."""
    s = uow.session
    sumber = list_sumber_dana(uow, all_=True)
    desa = set(s.scalars(select(Desa.kode_wilayah)))

    semua: set[str] | None = None
    dicari = 0

    def kegiatan_ada(kode: str) -> bool:
        # a few codes one query each; many (a national workbook): every code read once
        nonlocal semua, dicari
        dicari += 1
        if semua is None and dicari > _SATU_PER_SATU:
            semua = set(s.scalars(select(Kegiatan.kode)))
        if semua is not None:
            return kode in semua
        return s.scalar(select(Kegiatan.id).where(Kegiatan.kode == kode)) is not None

    return parse_rencana_workbook(
        path,
        sumber_dana=sumber,
        desa_terdaftar=desa.__contains__,
        kegiatan_terdaftar=kegiatan_ada,
        progress=progress,
        this_year=this_year,
    )


def import_rencana_file(
    db: Database,
    path: str | Path,
    *,
    confirm_over: bool = False,
    progress: Progress | None = None,
    this_year: int | None = None,
) -> ImportResult:
    """Read, check and import a plans workbook in its own unit of work (one transaction)."""
    with gc_ditunda(), UnitOfWork(db) as uow:
        uow.session.info["impor_berkas"] = Path(path).name
        data = read_rencana_workbook(path, uow, progress, this_year=this_year)
        return import_rencana(uow, data, confirm_over=confirm_over, progress=progress)


# --------------------------------------------------------------------------- helpers


def _galat(lembar: str, kolom: Sequence[Kolom], baris: int, exc: Exception) -> LembarRowError:
    """A refusal of the plans service as a row error of ``lembar``."""
    field = getattr(exc, "field", None)
    headers = {k.header for k in kolom}
    if lembar == SHEET_PAGU and isinstance(exc, BudgetExceeded):
        field = "Pagu (Rp)"
    column = field if field in headers else None
    message = getattr(exc, "message", str(exc))
    return LembarRowError(baris, column, message, lembar)


def _batches(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _IN_BATCH):
        yield items[i : i + _IN_BATCH]


def _ids_by_kode(uow: UnitOfWork, codes: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(codes))
    out: dict[str, int] = {}
    for batch in _batches(wanted):
        out.update(
            (kode, kid)
            for kid, kode in uow.session.execute(
                select(Kegiatan.id, Kegiatan.kode).where(Kegiatan.kode.in_(batch))
            )
        )
    return out


def _lipat(teks: str) -> str:
    return " ".join(teks.split()).casefold()


def _pasangkan(uow: UnitOfWork, rows: Sequence[KegiatanRow], taken: set[int]) -> dict[int, int]:
    """Rows without a code -> the id of the existing activity they stand for.

    The key is year, pillar, village and name (case and spaces ignored); within a key the
    n-th row in sheet order takes the n-th activity by code. Activities named by a code
    elsewhere in the workbook (``taken``) are not matched.
    """
    blank = [r for r in rows if r.kode is None]
    if not blank:
        return {}
    years = sorted({r.tahun for r in blank})
    stmt = (
        select(Kegiatan.id, Kegiatan.kode, Kegiatan.tahun, Kegiatan.pilar, Kegiatan.nama)
        .add_columns(Desa.kode_wilayah)
        .outerjoin(Desa, Desa.id == Kegiatan.desa_id)
        .where(Kegiatan.tahun.in_(years))
        .order_by(Kegiatan.kode)
    )
    by_key: dict[tuple[int, str, str, str], list[int]] = {}
    by_key_any_village: dict[tuple[int, str, str], list[int]] = {}
    for kid, _kode, tahun, pilar, nama, wilayah in uow.session.execute(stmt):
        if kid in taken:
            continue
        by_key.setdefault((tahun, pilar, wilayah or "", _lipat(nama)), []).append(kid)
        by_key_any_village.setdefault((tahun, pilar, _lipat(nama)), []).append(kid)
    used: set[int] = set()
    out: dict[int, int] = {}
    for r in blank:
        if r.ada_kode_wilayah:
            pool = by_key.get((r.tahun, r.pilar.value, r.kode_wilayah or "", _lipat(r.nama)), [])
        else:
            pool = by_key_any_village.get((r.tahun, r.pilar.value, _lipat(r.nama)), [])
        kid = next((k for k in pool if k not in used), None)
        if kid is not None:
            used.add(kid)
            out[r.baris] = kid
    return out


def _kode_baru(
    uow: UnitOfWork, rows: Sequence[KegiatanRow], matched: dict[int, int]
) -> dict[int, str]:
    """Codes for the new rows without one: after the highest of the database and of the
    codes the workbook gives, in sheet order."""
    top: dict[tuple[int, Pilar], int] = {}
    for r in rows:
        if r.kode is not None:
            urai = urai_kode_kegiatan(r.kode)
            if urai is not None:
                key = (r.tahun, r.pilar)
                top[key] = max(top.get(key, 0), urai[2])
    db_next: dict[tuple[int, Pilar], int] = {}
    out: dict[int, str] = {}
    for r in rows:
        if r.kode is not None or r.baris in matched:
            continue
        key = (r.tahun, r.pilar)
        if key not in db_next:
            urai = urai_kode_kegiatan(next_kode(uow, r.tahun, r.pilar))
            db_next[key] = urai[2] if urai else 1
        nomor = max(db_next[key], top.get(key, 0) + 1)
        top[key] = nomor
        out[r.baris] = format_kode_kegiatan(r.tahun, r.pilar.value, nomor)
    return out


def _data(row: KegiatanRow, before: KegiatanData | None, kode: str | None) -> KegiatanData:
    """The activity as the row gives it; what the sheet does not carry is kept."""
    bulan = None
    if before is not None and before.bulan and Triwulan.dari_bulan(before.bulan) is row.triwulan:
        bulan = before.bulan
    if row.ada_kode_wilayah or before is None:
        kode_wilayah = row.kode_wilayah
    else:
        kode_wilayah = before.kode_wilayah
    pj = row.penanggung_jawab
    if pj is None:
        pj = before.penanggung_jawab if before is not None else ""
    return KegiatanData(
        tahun=row.tahun,
        pilar=row.pilar,
        nama=row.nama,
        volume=row.volume,
        satuan=row.satuan,
        triwulan=row.triwulan,
        anggaran=row.anggaran,
        sumber_dana=row.sumber_dana,
        kode=kode,
        kode_wilayah=kode_wilayah,
        deskripsi=before.deskripsi if before is not None else "",
        bulan=bulan,
        penanggung_jawab=pj,
        id=before.id if before is not None else None,
    )


def _menurunkan(row: KegiatanRow, before: KegiatanData | None) -> bool:
    """An update that lowers an activity's budget within the same pagu."""
    return (
        before is not None
        and before.tahun == row.tahun
        and before.pilar is row.pilar
        and normalise_header(before.sumber_dana) == normalise_header(row.sumber_dana)
        and row.anggaran < before.anggaran
    )


# --------------------------------------------------------------------------- the import


_SEN = Decimal("0.01")
_NOL = Decimal("0.00")


def _uang(raw: object) -> Decimal:
    """A SUM over a Money column as ``services.rencana`` reads it (hundredths when raw)."""
    if isinstance(raw, Decimal):
        return raw
    return (Decimal(int(raw)) / 100).quantize(_SEN)  # type: ignore[call-overload]


def _tersimpan(jumlah: Decimal) -> Decimal:
    """An amount as the database gives it back (``db.types.Money``: whole hundredths)."""
    return (Decimal(int(Decimal(jumlah) * 100)) / 100).quantize(_SEN)


@dataclass
class _Pagu:
    id: int | None
    jumlah: Decimal
    asli: Decimal | None  # as stored before the import (None: new)


@dataclass
class _Real:
    """One quarter's realisation of an activity, as stored and as it becomes."""

    id: int | None
    jumlah: Decimal
    volume: Decimal
    status: StatusKegiatan
    keterangan: str
    melebihi: bool
    asli: tuple[Decimal, Decimal, str, str, bool] | None = None  # stored values (None: new)

    def data(self, triwulan: Triwulan) -> RealisasiData:
        return RealisasiData(triwulan, self.jumlah, self.volume, self.status, self.keterangan)

    def nilai(self) -> tuple[Decimal, Decimal, str, str, bool]:
        return (self.jumlah, self.volume, self.status.value, self.keterangan, self.melebihi)


@dataclass
class _Keg:
    """An activity (stored or new) as the import sees it: its current values as
    :func:`~desmig_desktop.services.rencana.get_kegiatan` would give them."""

    kunci: int  # the stored id, or a negative number for a new activity
    data: KegiatanData
    sid: int
    desa_id: int | None
    asli: KegiatanData | None = None  # as stored before the import (None: new)
    asli_sid: int | None = None
    realisasi: dict[Triwulan, _Real] = field(default_factory=dict)
    ditulis: bool = False  # written by a row of the workbook (its flags follow its budget)
    id: int | None = None  # the database id (known for a stored one, after writing for a new)

    @property
    def pos(self) -> tuple[int, str, int]:
        return (self.data.tahun, self.data.pilar.value, self.sid)

    def direalisasi(self, kecuali: Triwulan | None = None) -> Decimal:
        return sum((r.jumlah for t, r in self.realisasi.items() if t is not kecuali), _NOL)


class _Buku:
    """What the rules read, loaded once and kept as the database would be row after row."""

    def __init__(self, uow: UnitOfWork, data: RencanaWorkbook) -> None:
        s = uow.session
        self.uow = uow
        self.tahun: dict[int, bool] = dict(
            s.execute(select(TahunAnggaran.tahun, TahunAnggaran.ditutup)).all()
        )
        self.sumber: list[tuple[int, str]] = list(
            s.execute(select(SumberDana.id, SumberDana.nama).order_by(SumberDana.id)).all()
        )
        self.sumber_nama = {sid: nama for sid, nama in self.sumber}
        self._pilihan: str | None = None
        desa = s.execute(select(Desa.id, Desa.kode_wilayah)).all()
        self.desa_id = {kode: did for did, kode in desa}
        self.desa_kode = {did: kode for did, kode in desa}
        years = sorted({r.tahun for r in data.pagu} | {r.tahun for r in data.kegiatan})
        self.pagu: dict[tuple[int, str, int], _Pagu] = {}
        self.rencana: dict[tuple[int, str, int], Decimal] = {}
        for part in _batches(years):  # type: ignore[arg-type]
            for pid, tahun, pilar, sid, jumlah in s.execute(
                select(Pagu.id, Pagu.tahun, Pagu.pilar, Pagu.sumber_dana_id, Pagu.jumlah).where(
                    Pagu.tahun.in_(part)
                )
            ):
                self.pagu[(tahun, pilar, sid)] = _Pagu(pid, jumlah, jumlah)
            for tahun, pilar, sid, total in s.execute(
                select(
                    Kegiatan.tahun,
                    Kegiatan.pilar,
                    Kegiatan.sumber_dana_id,
                    func.coalesce(func.sum(Kegiatan.anggaran), 0),
                )
                .where(Kegiatan.tahun.in_(part))
                .group_by(Kegiatan.tahun, Kegiatan.pilar, Kegiatan.sumber_dana_id)
            ):
                self.rencana[(tahun, pilar, sid)] = _uang(total)
        self.kode: dict[str, _Keg] = {}
        self.by_id: dict[int, _Keg] = {}
        self._baru = 0

    # ---- loading

    def muat_kegiatan(self, ids: Iterable[int]) -> None:
        """Load the stored activities ``ids`` (those not loaded yet), with realisation."""
        s = self.uow.session
        wanted = sorted(set(ids) - set(self.by_id))
        for part in _batches(wanted):  # type: ignore[arg-type]
            for k in s.execute(select(Kegiatan.__table__).where(Kegiatan.id.in_(part))):
                data = KegiatanData(
                    tahun=k.tahun,
                    pilar=Pilar(k.pilar),
                    nama=k.nama,
                    volume=k.volume,
                    satuan=k.satuan,
                    triwulan=Triwulan(k.triwulan),
                    anggaran=k.anggaran,
                    sumber_dana=self.sumber_nama.get(k.sumber_dana_id, ""),
                    kode=k.kode,
                    kode_wilayah=self.desa_kode.get(k.desa_id) if k.desa_id else None,
                    deskripsi=k.deskripsi,
                    bulan=k.bulan,
                    penanggung_jawab=k.penanggung_jawab,
                    id=k.id,
                )
                keg = _Keg(k.id, data, k.sumber_dana_id, k.desa_id, replace(data), k.sumber_dana_id)
                keg.id = k.id
                self.kode[k.kode] = self.by_id[k.id] = keg
            for r in s.scalars(select(Realisasi).where(Realisasi.kegiatan_id.in_(part))):
                real = _Real(
                    r.id,
                    r.jumlah,
                    r.volume,
                    StatusKegiatan(r.status),
                    r.keterangan,
                    r.melebihi_rencana,
                )
                real.asli = real.nilai()
                self.by_id[r.kegiatan_id].realisasi[Triwulan(r.triwulan)] = real

    def ids_by_kode(self, codes: Iterable[str]) -> dict[str, int]:
        return _ids_by_kode(self.uow, codes)

    # ---- what the service's helpers read

    def tahun_row(self, tahun: int, *, for_write: bool) -> None:
        """``services.rencana._tahun_row``."""
        if tahun not in self.tahun:
            raise ValidationError(
                f"Tahun anggaran {tahun} belum dibuat. Buat tahun anggaran itu lebih dulu.",
                "Tahun Anggaran",
            )
        if for_write and self.tahun[tahun]:
            raise YearClosed(
                f"Tahun anggaran {tahun} sudah ditutup; buka kembali tahun itu untuk mengubah "
                "data.",
                "Tahun Anggaran",
            )

    def sumber_id(self, nama: str) -> int:
        """``services.rencana._sumber_id`` (required)."""
        key = " ".join((nama or "").split()).casefold()
        for sid, sname in self.sumber:
            if sname.casefold() == key or (key == "csr/lainnya" and sname == "Lainnya"):
                return sid
        if self._pilihan is None:
            self._pilihan = ", ".join(list_sumber_dana(self.uow))
        raise ValidationError(
            f'Sumber dana "{nama}" tidak dikenal; pilihan: {self._pilihan}.', "Sumber Dana"
        )

    def direncanakan(self, pos: tuple[int, str, int], kecuali: _Keg | None = None) -> Decimal:
        """``services.rencana._planned``: the planned budgets of a year, pillar and source."""
        total = self.rencana.get(pos, _NOL)
        if kecuali is not None and kecuali.pos == pos:
            total -= kecuali.data.anggaran
        return total

    def pindah(self, keg: _Keg, pos_lama: tuple[int, str, int] | None, lama: Decimal) -> None:
        """Keep the planned sums as an activity's budget or place changes."""
        if pos_lama is not None:
            self.rencana[pos_lama] = self.rencana.get(pos_lama, _NOL) - lama
        self.rencana[keg.pos] = self.rencana.get(keg.pos, _NOL) + keg.data.anggaran

    def baru(self, data: KegiatanData, sid: int, desa_id: int | None) -> _Keg:
        self._baru += 1
        keg = _Keg(-self._baru, data, sid, desa_id)
        assert data.kode is not None
        self.kode[data.kode] = keg
        return keg


class _Impor:
    def __init__(
        self, uow: UnitOfWork, progress: Progress, confirm_over: bool, buku: _Buku
    ) -> None:
        self.uow = uow
        self.progress = progress
        self.confirm_over = confirm_over
        self.buku = buku
        self.errors: list[RowError] = []
        self.pagu = self.baru = self.diubah = self.realisasi = self.sama = 0
        self.kode_gagal: dict[str, int] = {}  # code -> its refused plan row
        self.id_kode: dict[str, int] = {}  # code -> stored id (from the database)
        self.anggaran_berubah: dict[int, tuple[_Keg, KegiatanRow]] = {}
        self.realisasi_ditulis: set[int] = set()  # activities with Realisasi rows written
        self.melebihi = 0  # refusals that only need confirm_over
        self.keg_baru: list[_Keg] = []
        self.pagu_ditulis: list[tuple[tuple[int, str, int], _Pagu]] = []

    def step(self) -> None:
        check(self.progress)
        self.progress.advance()

    # ---- pagu

    def _set_pagu(self, tahun: int, pilar: Pilar, sumber: str, jumlah: Decimal) -> None:
        """``services.rencana.set_pagu`` against the ledger."""
        pilar = Pilar.parse(pilar, "Pilar")
        self.buku.tahun_row(tahun, for_write=True)
        if jumlah is None or jumlah < 0:
            raise ValidationError(f"Pagu tidak boleh negatif (diisi {jumlah}).", "Pagu (Rp)")
        sid = self.buku.sumber_id(sumber)
        pos = (tahun, pilar.value, sid)
        planned = self.buku.direncanakan(pos)
        if jumlah < planned:
            raise BudgetExceeded(
                f"Pagu {pilar.judul} sumber {sumber} tahun {tahun} tidak dapat diturunkan ke "
                f"{format_rupiah(jumlah)}: sudah direncanakan {format_rupiah(planned)}.",
                pagu=jumlah,
                direncanakan=planned,
                sisa=jumlah - planned,
            )
        row = self.buku.pagu.get(pos)
        if row is None:
            row = self.buku.pagu[pos] = _Pagu(None, _tersimpan(jumlah), None)
        else:
            row.jumlah = _tersimpan(jumlah)
        self.pagu_ditulis.append((pos, row))

    def _pagu_sekarang(self, row: PaguRow) -> Decimal | None:
        sid = next((i for i, n in self.buku.sumber if n == row.sumber_dana), None)
        found = self.buku.pagu.get((row.tahun, row.pilar.value, sid)) if sid else None
        return found.jumlah if found else None

    def set_pagu(self, row: PaguRow, *, retry: bool) -> bool:
        """Set one pagu; False when it lowers below what is planned (and not ``retry``)."""
        before = self._pagu_sekarang(row)
        try:
            self._set_pagu(row.tahun, row.pilar, row.sumber_dana, row.jumlah)
        except BudgetExceeded as exc:
            if not retry:
                return False
            self.errors.append(_galat(SHEET_PAGU, KOLOM_PAGU, row.baris, exc))
        except (ValidationError, NotFound) as exc:
            self.errors.append(_galat(SHEET_PAGU, KOLOM_PAGU, row.baris, exc))
        else:
            if before is not None and before == row.jumlah:
                self.sama += 1
            else:
                self.pagu += 1
        self.step()
        return True

    # ---- activities

    def _validasi(self, k: KegiatanData, keg: _Keg | None) -> tuple[KegiatanData, int, int | None]:
        """``services.rencana.validate_kegiatan`` against the ledger."""
        b = self.buku
        b.tahun_row(k.tahun, for_write=True)
        pilar, triwulan, nama, satuan = periksa_isian(k)
        sid = b.sumber_id(k.sumber_dana)
        desa_id = None
        if k.kode_wilayah:
            desa_id = b.desa_id.get(k.kode_wilayah)
            if desa_id is None:
                raise ValidationError(
                    f"Desa {k.kode_wilayah} belum terdaftar sebagai desa Desmigratif.",
                    "Kode Wilayah",
                )
        kode = periksa_kode(k, pilar)
        if kode is not None:
            other = b.kode.get(kode)
            if other is not None and other is not keg:
                raise ValidationError(f'Kode kegiatan "{kode}" sudah dipakai.', "Kode Kegiatan")
        clean = kegiatan_bersih(k, pilar, triwulan, nama, satuan, kode)
        pos = (k.tahun, pilar.value, sid)
        pagu = b.pagu.get(pos)
        periksa_pagu(
            k.tahun,
            pilar,
            k.sumber_dana,
            pagu.jumlah if pagu is not None else None,
            b.direncanakan(pos, kecuali=keg),
            k.anggaran,
        )
        return clean, sid, desa_id

    def _tulis_kegiatan(self, k: KegiatanData, keg: _Keg | None) -> _Keg:
        """``services.rencana.write_kegiatan(confirm_over=True)`` against the ledger."""
        clean, sid, desa_id = self._validasi(k, keg)
        if keg is not None and keg.data.tahun != clean.tahun:
            self.buku.tahun_row(keg.data.tahun, for_write=True)
        data = clean
        if keg is None:
            keg = self.buku.baru(data, sid, desa_id)
            self.keg_baru.append(keg)
            self.buku.pindah(keg, None, _NOL)
        else:
            pos, lama = keg.pos, keg.data.anggaran
            keg.data = replace(data, id=keg.id)
            keg.sid, keg.desa_id = sid, desa_id
            self.buku.pindah(keg, pos, lama)
        keg.ditulis = True
        return keg

    def kegiatan(self, rows: Sequence[KegiatanRow]) -> None:
        b = self.buku
        self.id_kode = b.ids_by_kode(r.kode for r in rows if r.kode)
        matched = _pasangkan(self.uow, rows, set(self.id_kode.values()))
        b.muat_kegiatan([*self.id_kode.values(), *matched.values()])
        generated = _kode_baru(self.uow, rows, matched)
        before: dict[int, _Keg] = {}
        for r in rows:
            kid = self.id_kode.get(r.kode) if r.kode else matched.get(r.baris)
            if kid is not None:
                before[r.baris] = b.by_id[kid]
        old_data = {baris: replace(keg.data) for baris, keg in before.items()}
        first = [r for r in rows if _menurunkan(r, old_data.get(r.baris))]
        rest = [r for r in rows if not _menurunkan(r, old_data.get(r.baris))]
        for r in (*first, *rest):
            keg = before.get(r.baris)
            old = replace(keg.data) if keg is not None else None
            kode = r.kode or (old.kode if old is not None else generated[r.baris])
            try:
                written = self._tulis_kegiatan(_data(r, old, kode), keg)
            except (ValidationError, NotFound) as exc:
                self.errors.append(_galat(SHEET_RENCANA, KOLOM_RENCANA, r.baris, exc))
                if r.kode:
                    self.kode_gagal[r.kode] = r.baris
            else:
                if old is None:
                    self.baru += 1
                elif written.data != old:
                    self.diubah += 1
                    if written.data.anggaran != old.anggaran:
                        self.anggaran_berubah[written.kunci] = (written, r)
                else:
                    self.sama += 1
            self.step()

    # ---- realisation

    def _tulis_realisasi(self, keg: _Keg, r: RealisasiData, *, confirm_over: bool) -> None:
        """``services.rencana.write_realisasi`` against the ledger."""
        self.buku.tahun_row(keg.data.tahun, for_write=True)
        triwulan, status = periksa_realisasi(r)
        total = keg.direalisasi(kecuali=triwulan) + r.jumlah
        over = periksa_melebihi(f"{keg.data.kode}", total, keg.data.anggaran, confirm_over)
        row = keg.realisasi.get(triwulan)
        if row is None:
            row = keg.realisasi[triwulan] = _Real(None, _NOL, _NOL, status, "", False)
        row.jumlah, row.volume = _tersimpan(r.jumlah), _tersimpan(r.volume)
        row.status, row.keterangan = status, (r.keterangan or "").strip()
        for other in keg.realisasi.values():
            other.melebihi = over

    def realisasi_semua(self, rows: Sequence[RealisasiRow]) -> None:
        b = self.buku
        groups: dict[str, list[RealisasiRow]] = {}
        for r in rows:
            groups.setdefault(r.kode, []).append(r)
        missing = [k for k in groups if k not in b.kode and k not in self.kode_gagal]
        b.muat_kegiatan(b.ids_by_kode(missing).values())
        for kode, group in groups.items():
            if kode in self.kode_gagal:
                for r in group:
                    self.errors.append(
                        LembarRowError(
                            r.baris,
                            "Kode Kegiatan",
                            f"Baris kegiatan {kode} di lembar {SHEET_RENCANA} (baris "
                            f"{self.kode_gagal[kode]}) ditolak, jadi realisasinya tidak disimpan.",
                            SHEET_REALISASI,
                        )
                    )
                    self.step()
                continue
            keg = b.kode.get(kode)
            if keg is not None:
                self.realisasi_ditulis.add(keg.kunci)
            for i, r in enumerate(group):
                if keg is None:  # pragma: no cover - the reader checked the codes
                    self.errors.append(
                        LembarRowError(
                            r.baris,
                            "Kode Kegiatan",
                            f"Kode Kegiatan {kode} tidak dikenal.",
                            SHEET_REALISASI,
                        )
                    )
                else:
                    # the quarters of one activity count together: only the last write
                    # of the group decides whether the total exceeds the plan
                    self.realisasi_satu(keg, r, last=i == len(group) - 1)
                self.step()

    def realisasi_satu(self, keg: _Keg, r: RealisasiRow, *, last: bool) -> None:
        lama = keg.realisasi.get(r.triwulan)
        before = lama.data(r.triwulan) if lama is not None else None
        data = RealisasiData(r.triwulan, r.jumlah, r.volume, r.status, r.keterangan)
        try:
            self._tulis_realisasi(keg, data, confirm_over=self.confirm_over or not last)
        except OverPlanNeedsConfirmation as exc:
            self.melebihi += 1
            self.errors.append(
                LembarRowError(
                    r.baris, "Realisasi (Rp)", f"{exc.message} {SARAN_MELEBIHI}", SHEET_REALISASI
                )
            )
        except (ValidationError, NotFound) as exc:
            self.errors.append(_galat(SHEET_REALISASI, KOLOM_REALISASI, r.baris, exc))
        else:
            keg.ditulis = True
            if before is not None and keg.realisasi[r.triwulan].data(r.triwulan) == before:
                self.sama += 1
            else:
                self.realisasi += 1

    def cek_anggaran_berubah(self) -> None:
        """A plan whose budget changed while its realisation stays as stored: realisation
        above the new budget needs ``confirm_over`` like any other; the flags of its quarters
        follow the new budget (as every written plan's do, see :meth:`simpan`). (Plans with
        Realisasi rows in the workbook were checked when those rows were written.)"""
        for kunci, (keg, r) in self.anggaran_berubah.items():
            if kunci in self.realisasi_ditulis or not keg.realisasi:
                continue
            total = keg.direalisasi()
            if total > r.anggaran and not self.confirm_over:
                self.melebihi += 1
                self.errors.append(
                    LembarRowError(
                        r.baris,
                        "Anggaran (Rp)",
                        f"Anggaran baru {format_rupiah(r.anggaran)} lebih kecil dari realisasi "
                        f"yang sudah tercatat ({format_rupiah(total)}): realisasi akan melebihi "
                        f"rencana sebesar {format_rupiah(total - r.anggaran)}. {SARAN_MELEBIHI}",
                        SHEET_RENCANA,
                    )
                )

    # ---- writing

    def simpan(self) -> None:
        """Write what the rows changed, in bulk (every row has passed)."""
        uow = self.uow
        pagu = {id(p): (pos, p) for pos, p in self.pagu_ditulis}.values()
        bulk.insert_pagu(uow, [(*pos, p.jumlah) for pos, p in pagu if p.id is None])
        ubah_pagu = [(p.id, p.jumlah) for _, p in pagu if p.id is not None and p.jumlah != p.asli]
        if ubah_pagu:
            bulk.update_rows(uow, Pagu, ("id",), ("jumlah",), ubah_pagu)
        baru = self.keg_baru
        ids = bulk.insert_kegiatan(uow, [bulk.KegiatanBaru(_kolom(k)) for k in baru])
        for keg, new_id in zip(baru, ids, strict=True):
            keg.id = new_id
        ubah = [
            k
            for k in self.buku.by_id.values()
            if k.asli is not None and (k.data != k.asli or k.sid != k.asli_sid)
        ]
        if ubah:
            kolom = tuple(_kolom(ubah[0]))
            rows = [(k.id, *_kolom(k).values()) for k in ubah]
            bulk.update_rows(uow, Kegiatan, ("id",), kolom, rows)
        real_baru: list[dict[str, Any]] = []
        real_ubah: list[tuple[Any, ...]] = []
        for keg in (*self.buku.by_id.values(), *baru):
            if keg.ditulis:  # the flags follow the plan's budget and total realisation
                over = keg.direalisasi() > keg.data.anggaran
                for real in keg.realisasi.values():
                    real.melebihi = over
            for tw, real in keg.realisasi.items():
                if real.id is None:
                    real_baru.append(
                        {
                            "kegiatan_id": keg.id,
                            "triwulan": tw.value,
                            "jumlah": real.jumlah,
                            "volume": real.volume,
                            "status": real.status.value,
                            "keterangan": real.keterangan,
                            "melebihi_rencana": real.melebihi,
                        }
                    )
                elif real.nilai() != real.asli:
                    real_ubah.append((real.id, *real.nilai()))
        bulk.insert_dicts(uow, Realisasi, real_baru)
        if real_ubah:
            kolom_real = ("jumlah", "volume", "status", "keterangan", "melebihi_rencana")
            bulk.update_rows(uow, Realisasi, ("id",), kolom_real, real_ubah)


def _kolom(keg: _Keg) -> dict[str, Any]:
    """An activity's columns as ``services.rencana.write_kegiatan`` stores them."""
    d = keg.data
    return {
        "kode": d.kode,
        "tahun": d.tahun,
        "pilar": d.pilar.value,
        "desa_id": keg.desa_id,
        "nama": d.nama,
        "deskripsi": d.deskripsi,
        "volume": d.volume,
        "satuan": d.satuan,
        "triwulan": d.triwulan.value,
        "bulan": d.bulan,
        "anggaran": d.anggaran,
        "sumber_dana_id": keg.sid,
        "penanggung_jawab": d.penanggung_jawab,
    }


def _selesai(uow: UnitOfWork, result: ImportResult) -> None:
    """The end of the import's write phase, inside its transaction, just before the commit.

    The rows above were written in bulk (no ORM events, so no audit entry per row); the
    import as a whole is recorded here (audit trail: one entry per import).
    """
    berkas = uow.session.info.get("impor_berkas")
    catat_impor(
        uow,
        tabel="kegiatan",
        judul=f"Impor rencana dari {berkas or 'buku kerja'}",
        jumlah=int(uow.session.info.get("impor_baris", 0)),
        berkas=berkas,
        rincian={
            "pagu": result.pagu,
            "kegiatan_baru": result.kegiatan_baru,
            "kegiatan_diubah": result.kegiatan_diubah,
            "realisasi": result.realisasi,
            "tidak_berubah": result.tidak_berubah,
        },
    )


def import_rencana(
    uow: UnitOfWork,
    data: RencanaWorkbook,
    *,
    confirm_over: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a checked workbook in one transaction and commit once.

    Every refusal of the plans rules (closed year, pagu rule, realisation above the plan
    without ``confirm_over``) becomes a row error; if there is any, or anything else is
    raised (``Cancelled``, a database error), the session is rolled back and nothing is
    written. Raises ``RencanaImportErrors`` listing every refused row.
    """
    progress = progress or NullProgress()
    mode_impor(uow)  # one audit entry for the whole import (_selesai), not one per row
    uow.session.info["impor_baris"] = data.jumlah_baris
    progress.set_total(data.jumlah_baris, "Menyimpan pagu, rencana kegiatan dan realisasi…")
    try:
        for tahun in sorted({r.tahun for r in data.pagu} | {r.tahun for r in data.kegiatan}):
            ensure_tahun(uow, tahun)
        job = _Impor(uow, progress, confirm_over, _Buku(uow, data))
        deferred = [r for r in data.pagu if not job.set_pagu(r, retry=False)]
        job.kegiatan(data.kegiatan)
        for r in deferred:
            job.set_pagu(r, retry=True)
        job.realisasi_semua(data.realisasi)
        job.cek_anggaran_berubah()
        if job.errors:
            raise RencanaImportErrors(job.errors, data.berkas, melebihi=job.melebihi)
        check(progress)
        job.simpan()
        result = ImportResult(
            pagu=job.pagu,
            kegiatan_baru=job.baru,
            kegiatan_diubah=job.diubah,
            realisasi=job.realisasi,
            tidak_berubah=job.sama,
        )
        _selesai(uow, result)
        check(progress)
        uow.commit()
    except BaseException:
        uow.session.rollback()
        raise
    return result

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

    result = import_rencana_file(db, "rencana.xlsx", confirm_over=False, progress=progress)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, Kegiatan, Pagu, SumberDana, TahunAnggaran
from desmig_desktop.domain.enums import Pilar, Triwulan
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
from desmig_desktop.domain.progress import NullProgress, Progress, check
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
from desmig_desktop.services.rencana import (
    BudgetExceeded,
    KegiatanData,
    OverPlanNeedsConfirmation,
    RealisasiData,
    ensure_tahun,
    get_kegiatan,
    get_realisasi,
    list_sumber_dana,
    next_kode,
    set_pagu,
    write_kegiatan,
    write_realisasi,
)
from desmig_desktop.services.uow import UnitOfWork

__all__ = [
    "ImportResult",
    "import_rencana",
    "import_rencana_file",
    "read_rencana_workbook",
]

_IN_BATCH = 500
"""Codes per ``IN (...)`` query (SQLite allows some hundreds of parameters safely)."""

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

    def kegiatan_ada(kode: str) -> bool:
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
    with UnitOfWork(db) as uow:
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


def _pagu_sekarang(uow: UnitOfWork, row: PaguRow) -> Decimal | None:
    return uow.session.scalar(
        select(Pagu.jumlah)
        .join(SumberDana, SumberDana.id == Pagu.sumber_dana_id)
        .where(
            Pagu.tahun == row.tahun,
            Pagu.pilar == row.pilar.value,
            SumberDana.nama == row.sumber_dana,
        )
    )


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


class _Impor:
    def __init__(self, uow: UnitOfWork, progress: Progress, confirm_over: bool) -> None:
        self.uow = uow
        self.progress = progress
        self.confirm_over = confirm_over
        self.errors: list[RowError] = []
        self.pagu = self.baru = self.diubah = self.realisasi = self.sama = 0
        self.kode_gagal: dict[str, int] = {}  # code -> its refused plan row
        self.id_kode: dict[str, int] = {}
        self._held: list[object] = []
        self.anggaran_berubah: dict[int, KegiatanRow] = {}  # plan id -> its row
        self.realisasi_ditulis: set[int] = set()  # plan ids with Realisasi rows written
        self.melebihi = 0  # refusals that only need confirm_over

    def step(self) -> None:
        check(self.progress)
        self.progress.advance()

    def tahun(self, data: RencanaWorkbook) -> None:
        for tahun in sorted({r.tahun for r in data.pagu} | {r.tahun for r in data.kegiatan}):
            ensure_tahun(self.uow, tahun)

    def set_pagu(self, row: PaguRow, *, retry: bool) -> bool:
        """Set one pagu; False when it lowers below what is planned (and not ``retry``)."""
        before = _pagu_sekarang(self.uow, row)
        try:
            set_pagu(self.uow, row.tahun, row.pilar, row.sumber_dana, row.jumlah, commit=False)
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

    def keep_loaded(self, data: RencanaWorkbook) -> None:
        """Load what the rules read row after row once, and hold it: the session keeps
        unchanged objects only weakly, so each ``session.get`` would query again."""
        s = self.uow.session
        years = sorted({r.tahun for r in data.kegiatan} | {r.tahun for r in data.pagu})
        self._held += list(s.scalars(select(SumberDana)))
        self._held += list(s.scalars(select(TahunAnggaran)))
        if years:
            self._held += list(s.scalars(select(Kegiatan).where(Kegiatan.tahun.in_(years))))

    def kegiatan(self, rows: Sequence[KegiatanRow]) -> None:
        self.id_kode = _ids_by_kode(self.uow, (r.kode for r in rows if r.kode))
        matched = _pasangkan(self.uow, rows, set(self.id_kode.values()))
        generated = _kode_baru(self.uow, rows, matched)
        before: dict[int, KegiatanData] = {}
        for r in rows:
            kid = self.id_kode.get(r.kode) if r.kode else matched.get(r.baris)
            if kid is not None:
                before[r.baris] = get_kegiatan(self.uow, kid)
        first = [r for r in rows if _menurunkan(r, before.get(r.baris))]
        rest = [r for r in rows if not _menurunkan(r, before.get(r.baris))]
        for r in (*first, *rest):
            old = before.get(r.baris)
            kode = r.kode or (old.kode if old is not None else generated[r.baris])
            try:
                # budget vs realisation is checked after the Realisasi rows (below)
                written = write_kegiatan(self.uow, _data(r, old, kode), confirm_over=True)
            except (ValidationError, NotFound) as exc:
                self.errors.append(_galat(SHEET_RENCANA, KOLOM_RENCANA, r.baris, exc))
                if r.kode:
                    self.kode_gagal[r.kode] = r.baris
            else:
                self.id_kode[written.kode] = written.id
                self._held.append(written)
                if old is None:
                    self.baru += 1
                elif get_kegiatan(self.uow, written.id) != old:
                    self.diubah += 1
                    if written.anggaran != old.anggaran:
                        self.anggaran_berubah[written.id] = r
                else:
                    self.sama += 1
            self.step()

    def cek_anggaran_berubah(self, touched: set[int]) -> None:
        """A plan whose budget changed while its realisation stays as stored: realisation
        above the new budget needs ``confirm_over`` like any other; the flags of its quarters
        follow the new budget. (Plans with Realisasi rows in the workbook were checked when
        those rows were written.)"""
        for kid, r in self.anggaran_berubah.items():
            if kid in touched:
                continue
            per = get_realisasi(self.uow, kid)
            if not per:
                continue
            total = sum((x.jumlah for x in per.values()), Decimal(0))
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
                continue
            latest = per[max(per, key=lambda t: t.nomor)]
            try:  # rewritten unchanged: the service sets every quarter's flag anew
                write_realisasi(self.uow, kid, latest, confirm_over=True)
            except (ValidationError, NotFound) as exc:  # pragma: no cover - checked above
                self.errors.append(_galat(SHEET_RENCANA, KOLOM_RENCANA, r.baris, exc))

    def realisasi_semua(self, rows: Sequence[RealisasiRow]) -> None:
        groups: dict[str, list[RealisasiRow]] = {}
        for r in rows:
            groups.setdefault(r.kode, []).append(r)
        missing = [k for k in groups if k not in self.id_kode and k not in self.kode_gagal]
        self.id_kode.update(_ids_by_kode(self.uow, missing))
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
            kid = self.id_kode.get(kode)
            if kid is not None:
                self.realisasi_ditulis.add(kid)
            for i, r in enumerate(group):
                if kid is None:  # pragma: no cover - the reader checked the codes
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
                    self.realisasi_satu(kid, r, last=i == len(group) - 1)
                self.step()

    def realisasi_satu(self, kid: int, r: RealisasiRow, *, last: bool) -> None:
        before = get_realisasi(self.uow, kid).get(r.triwulan)
        data = RealisasiData(r.triwulan, r.jumlah, r.volume, r.status, r.keterangan)
        try:
            write_realisasi(self.uow, kid, data, confirm_over=self.confirm_over or not last)
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
            if before is not None and get_realisasi(self.uow, kid).get(r.triwulan) == before:
                self.sama += 1
            else:
                self.realisasi += 1


def import_rencana(
    uow: UnitOfWork,
    data: RencanaWorkbook,
    *,
    confirm_over: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a checked workbook in one transaction and commit once.

    Every refusal of the plans service (closed year, pagu rule, realisation above the
    plan without ``confirm_over``) becomes a row error; if there is any, or anything else
    is raised (``Cancelled``, a database error), the session is rolled back and nothing is
    written. Raises ``RencanaImportErrors`` listing every refused row.
    """
    progress = progress or NullProgress()
    progress.set_total(data.jumlah_baris, "Menyimpan pagu, rencana kegiatan dan realisasi…")
    job = _Impor(uow, progress, confirm_over)
    try:
        job.tahun(data)
        job.keep_loaded(data)
        deferred = [r for r in data.pagu if not job.set_pagu(r, retry=False)]
        job.kegiatan(data.kegiatan)
        for r in deferred:
            job.set_pagu(r, retry=True)
        job.realisasi_semua(data.realisasi)
        job.cek_anggaran_berubah(job.realisasi_ditulis)
        if job.errors:
            raise RencanaImportErrors(job.errors, data.berkas, melebihi=job.melebihi)
        check(progress)
        uow.commit()
    except BaseException:
        uow.session.rollback()
        raise
    return ImportResult(
        pagu=job.pagu,
        kegiatan_baru=job.baru,
        kegiatan_diubah=job.diubah,
        realisasi=job.realisasi,
        tidak_berubah=job.sama,
    )

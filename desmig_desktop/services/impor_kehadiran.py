"""Import of the attendance workbook (sheet ``Kehadiran``): all rows or none, one transaction.

``imports.kehadiran`` reads and checks the file; here each row is tied to the database:

* the village must be a registered Desmigratif village ("desa belum terdaftar" otherwise);
* the session is the village's session on that date with that topic (case and spaces
  ignored), else a new one (with the facilitator when the row names one; a stored session
  whose facilitator differs gets the file's);
* the participant is the village's participant with that name (case and spaces ignored)
  and birth date; a row without a birth date takes the only participant of that name (two
  or more: the row is refused and asks for the Tanggal Lahir); else a new participant
  (stored participants are never changed by an import);
* the mark is written with :func:`~desmig_desktop.services.parenting.set_marks`.

Every row is resolved and every problem collected before anything is written; a refused
import writes nothing. Importing the same workbook again changes nothing (all counts of
the second :class:`ImportResult` are zero).

    result = import_kehadiran_file(db, "kehadiran.xlsx", progress)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, KehadiranPeserta, Peserta
from desmig_desktop.domain.enums import Kehadiran
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_tanggal
from desmig_desktop.domain.lembar import KOLOM_KEHADIRAN
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.imports.kehadiran import (
    KehadiranRow,
    check_kehadiran_workbook,
    kunci_nama,
    parse_kehadiran_workbook,
)
from desmig_desktop.imports.workbook import ImportErrors, RowError
from desmig_desktop.services.parenting import (
    PertemuanData,
    PesertaData,
    find_pertemuan,
    get_pertemuan,
    set_marks,
    write_pertemuan,
    write_peserta,
)
from desmig_desktop.services.uow import UnitOfWork

__all__ = ["ImportResult", "import_kehadiran", "import_kehadiran_file", "read_kehadiran_workbook"]

_HEADERS = {k.header for k in KOLOM_KEHADIRAN}
_KOLOM_PERTEMUAN = {"Tanggal": "Tanggal", "Topik": "Topik", "Desa": "Kode Wilayah"}
_KOLOM_PESERTA = {
    "Nama Peserta": "Nama Peserta",
    "Tanggal Lahir": "Tanggal Lahir",
    "Jenis Kelamin": "Jenis Kelamin",
    "Kategori": "Kategori",
    "Desa": "Kode Wilayah",
}


@dataclass(frozen=True)
class ImportResult:
    """What an import did. A repeated import of the same file gives all zeros but ``baris``."""

    pertemuan_baru: int
    peserta_baru: int
    tanda_baru: int
    tanda_diubah: int
    baris: int
    pertemuan_diubah: int = 0
    """Stored sessions whose facilitator the file changed."""

    @property
    def ringkasan(self) -> str:
        """One Indonesian line for the window and the command line."""
        teks = (
            f"{self.baris} baris: {self.pertemuan_baru} pertemuan baru, {self.peserta_baru} "
            f"peserta baru, {self.tanda_baru} tanda kehadiran baru, {self.tanda_diubah} diubah"
        )
        if self.pertemuan_diubah:
            teks += f", fasilitator {self.pertemuan_diubah} pertemuan diperbarui"
        return teks + "."


def read_kehadiran_workbook(
    path: str | Path, progress: Progress | None = None, *, today: date | None = None
) -> list[KehadiranRow]:
    """Read and check the ``Kehadiran`` sheet (file only); raises ``ImportErrors``."""
    return parse_kehadiran_workbook(path, progress, today=today)


# --------------------------------------------------------------------------- the plan


@dataclass
class _SesiBaru:
    desa_id: int
    row: KehadiranRow  # the session's first row in the file: its spelling of the topic
    fasilitator: str = ""
    id: int | None = None


@dataclass
class _PesertaBaru:
    desa_id: int
    row: KehadiranRow
    id: int | None = None


_Sesi = int | _SesiBaru  # a stored session's id, or one to create
_Orang = int | _PesertaBaru


@dataclass
class _Rencana:
    """Every row tied to a session and a participant, before anything is written."""

    errors: list[RowError] = field(default_factory=list)
    desa: dict[str, int | None] = field(default_factory=dict)
    sesi: dict[tuple[int, date, str], _Sesi] = field(default_factory=dict)
    fasilitator: dict[int, tuple[int, str]] = field(default_factory=dict)  # stored id -> new
    orang: dict[int, list[tuple[int, str, date | None]]] = field(default_factory=dict)
    baru: dict[tuple[int, str, date | None], _PesertaBaru] = field(default_factory=dict)
    tanda: dict[tuple[int, int], tuple[_Orang, _Sesi, Kehadiran, int]] = field(default_factory=dict)

    def salah(self, row: KehadiranRow | int, kolom: str | None, message: str) -> None:
        baris = row if isinstance(row, int) else row.baris
        self.errors.append(RowError(baris, kolom, message))


def _desa(uow: UnitOfWork, plan: _Rencana, row: KehadiranRow) -> int | None:
    kode = row.kode_wilayah
    if kode not in plan.desa:
        plan.desa[kode] = uow.session.scalar(select(Desa.id).where(Desa.kode_wilayah == kode))
        desa_id = plan.desa[kode]
        if desa_id is not None:
            plan.orang[desa_id] = [
                (pid, kunci_nama(nama), lahir)
                for pid, nama, lahir in uow.session.execute(
                    select(Peserta.id, Peserta.nama, Peserta.tanggal_lahir)
                    .where(Peserta.desa_id == desa_id)
                    .order_by(Peserta.id)
                )
            ]
    desa_id = plan.desa[kode]
    if desa_id is None:
        plan.salah(
            row,
            "Kode Wilayah",
            f"Desa {kode} belum terdaftar sebagai desa Desmigratif; daftarkan dulu di halaman "
            "Desa (atau impor lembar Desa), lalu impor lagi.",
        )
    return desa_id


def _sesi(uow: UnitOfWork, plan: _Rencana, desa_id: int, row: KehadiranRow) -> _Sesi:
    kunci = (desa_id, row.tanggal, kunci_nama(row.topik))
    sesi = plan.sesi.get(kunci)
    if sesi is None:
        found = find_pertemuan(uow, desa_id, row.tanggal, row.topik)
        sesi = _SesiBaru(desa_id, row) if found is None else found
        plan.sesi[kunci] = sesi
    if isinstance(sesi, _SesiBaru):
        if row.baris < sesi.row.baris:
            sesi.row = row
        if row.fasilitator and not sesi.fasilitator:
            sesi.fasilitator = row.fasilitator  # the reader checked they all agree
    elif row.fasilitator and sesi not in plan.fasilitator:
        stored = get_pertemuan(uow, sesi).fasilitator
        if kunci_nama(stored) != kunci_nama(row.fasilitator):
            plan.fasilitator[sesi] = (row.baris, row.fasilitator)
    return sesi


def _baru(plan: _Rencana, kunci: tuple[int, str, date | None], row: KehadiranRow) -> _PesertaBaru:
    """A participant to create; the first row of the file gives the spelling of the name."""
    orang = plan.baru.setdefault(kunci, _PesertaBaru(kunci[0], row))
    if row.baris < orang.row.baris:
        orang.row = row
    return orang


def _orang(plan: _Rencana, desa_id: int, row: KehadiranRow) -> _Orang | None:
    """The participant a row names (stored, or one to create); None: refused (recorded)."""
    nama = kunci_nama(row.nama)
    stored = [(pid, lahir) for pid, n, lahir in plan.orang.get(desa_id, []) if n == nama]
    lahir = row.tanggal_lahir
    if lahir is not None:
        sama = [pid for pid, tgl in stored if tgl == lahir]
        if len(sama) > 1:
            plan.salah(
                row,
                "Nama Peserta",
                f'ada {len(sama)} peserta bernama "{row.nama}" lahir {format_tanggal(lahir)} '
                "di desa ini (data ganda); gabungkan atau hapus salah satunya di halaman "
                "Community Parenting, lalu impor lagi.",
            )
            return None
        if sama:
            return sama[0]
        return _baru(plan, (desa_id, nama, lahir), row)
    calon: list[_Orang] = [pid for pid, _ in stored]
    calon += [p for (d, n, _), p in plan.baru.items() if d == desa_id and n == nama]
    if len(calon) > 1:
        plan.salah(
            row,
            "Tanggal Lahir",
            f'ada {len(calon)} peserta bernama "{row.nama}" di desa ini; isi Tanggal Lahir '
            "untuk menunjukkan peserta yang dimaksud.",
        )
        return None
    if calon:
        return calon[0]
    return _baru(plan, (desa_id, nama, None), row)


def _kunci(ref: int | _SesiBaru | _PesertaBaru) -> int:
    return ref if isinstance(ref, int) else -id(ref)


def _rencanakan(uow: UnitOfWork, rows: Sequence[KehadiranRow], progress: Progress) -> _Rencana:
    plan = _Rencana()
    # Rows with a birth date first: a row without one may then name a participant that an
    # earlier-resolved row of the same file creates.
    urutan = sorted(rows, key=lambda r: (r.tanggal_lahir is None, r.baris))
    for row in urutan:
        check(progress)
        progress.advance()
        desa_id = _desa(uow, plan, row)
        if desa_id is None:
            continue
        sesi = _sesi(uow, plan, desa_id, row)
        orang = _orang(plan, desa_id, row)
        if orang is None:
            continue
        kunci = (_kunci(orang), _kunci(sesi))
        lama = plan.tanda.setdefault(kunci, (orang, sesi, row.status, row.baris))
        if lama[2] is not row.status:
            pertama, kedua = sorted((lama[3], row.baris))
            plan.salah(
                kedua,
                "Status",
                f'baris {pertama} dan baris {kedua} mencatat peserta "{row.nama}" pada '
                f'pertemuan "{row.topik}" tanggal {format_tanggal(row.tanggal)} dengan status '
                "berbeda; hapus salah satunya.",
            )
    return plan


# --------------------------------------------------------------------------- writing


def _kolom(exc: ValidationError, peta: dict[str, str]) -> str | None:
    if exc.field in _HEADERS:
        return exc.field
    return peta.get(exc.field or "")


def _tulis(uow: UnitOfWork, plan: _Rencana, baris: int, progress: Progress) -> ImportResult:
    s = uow.session
    sesi_baru = [v for v in plan.sesi.values() if isinstance(v, _SesiBaru)]
    orang_baru = list(plan.baru.values())
    for sesi in sesi_baru:
        check(progress)
        r = sesi.row
        try:
            sesi.id = write_pertemuan(
                uow, PertemuanData(sesi.desa_id, r.tanggal, r.topik, sesi.fasilitator)
            ).id
        except ValidationError as exc:
            plan.salah(r, _kolom(exc, _KOLOM_PERTEMUAN), exc.message)
    for sesi_id, (baris, fasilitator) in plan.fasilitator.items():
        data = get_pertemuan(uow, sesi_id)
        data.fasilitator = fasilitator
        try:
            write_pertemuan(uow, data)
        except ValidationError as exc:
            plan.salah(baris, _kolom(exc, _KOLOM_PERTEMUAN), exc.message)
    for orang in orang_baru:
        check(progress)
        r = orang.row
        try:
            orang.id = write_peserta(
                uow,
                PesertaData(
                    desa_id=orang.desa_id,
                    nama=r.nama,
                    jenis_kelamin=r.jenis_kelamin,
                    kategori=r.kategori,
                    tanggal_lahir=r.tanggal_lahir,
                ),
            ).id
        except ValidationError as exc:
            plan.salah(r, _kolom(exc, _KOLOM_PESERTA), exc.message)
    if plan.errors:
        raise ImportErrors(plan.errors)

    def ident(ref: int | _SesiBaru | _PesertaBaru) -> int:
        if isinstance(ref, int):
            return ref
        assert ref.id is not None
        return ref.id

    marks = [(ident(o), ident(p), status) for o, p, status, _ in plan.tanda.values()]
    sesi_ids = sorted({sid for _, sid, _ in marks})
    ada: dict[tuple[int, int], str] = {}
    for i in range(0, len(sesi_ids), 500):
        ada.update(
            ((pid, sid), status)
            for pid, sid, status in s.execute(
                select(
                    KehadiranPeserta.peserta_id,
                    KehadiranPeserta.pertemuan_id,
                    KehadiranPeserta.status,
                ).where(KehadiranPeserta.pertemuan_id.in_(sesi_ids[i : i + 500]))
            )
        )
    baru = [m for m in marks if (m[0], m[1]) not in ada]
    diubah = [m for m in marks if ada.get((m[0], m[1]), m[2].value) != m[2].value]
    check(progress)
    set_marks(uow, [*baru, *diubah], commit=False)
    return ImportResult(
        pertemuan_baru=len(sesi_baru),
        peserta_baru=len(orang_baru),
        tanda_baru=len(baru),
        tanda_diubah=len(diubah),
        baris=baris,
        pertemuan_diubah=len(plan.fasilitator),
    )


def import_kehadiran(
    uow: UnitOfWork,
    rows: Sequence[KehadiranRow],
    progress: Progress | None = None,
    *,
    file_errors: Sequence[RowError] = (),
) -> ImportResult:
    """Tie checked rows to villages, sessions and participants, then write them in one
    transaction and commit once.

    Every row problem (village not registered, ambiguous name, one participant twice at a
    session with different statuses) is collected first and raised together as
    ``ImportErrors``, with ``file_errors`` (what the reader found in rows it left out);
    anything raised (also ``Cancelled``) rolls back: nothing is written.
    """
    progress = progress or NullProgress()
    try:
        progress.set_total(len(rows), "Mencocokkan desa, pertemuan dan peserta…")
        plan = _rencanakan(uow, rows, progress)
        plan.errors[:0] = file_errors
        if plan.errors:
            raise ImportErrors(plan.errors)
        progress.set_total(0, "Menyimpan kehadiran…")
        result = _tulis(uow, plan, len(rows), progress)
        check(progress)
        uow.commit()
    except BaseException:
        uow.session.rollback()
        raise
    return result


def import_kehadiran_file(
    db: Database, path: str | Path, progress: Progress | None = None, *, today: date | None = None
) -> ImportResult:
    """Read, check and import an attendance workbook in its own unit of work.

    The rows the file itself refuses and the rows the database refuses are reported
    together, in one ``ImportErrors`` naming the file.
    """
    rows, errors = check_kehadiran_workbook(path, progress, today=today)
    with UnitOfWork(db) as uow:
        try:
            return import_kehadiran(uow, rows, progress, file_errors=errors)
        except ImportErrors as exc:
            if exc.berkas is None:
                raise ImportErrors(exc.errors, path) from None
            raise

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
* the mark is new, or changes the stored status.

The villages, sessions, participants and marks the file refers to are loaded once into
dictionaries (a few queries, not one per row); every row is resolved and every problem
collected before anything is written; a refused import writes nothing. The new rows go in
with :mod:`~desmig_desktop.services.bulk` (batched inserts in the import's one transaction),
the rules of :mod:`~desmig_desktop.services.parenting` applied to them first (a new
session's topic joins the list of module topics, as when typed in the window). Importing
the same workbook again changes nothing (all counts of the second :class:`ImportResult`
are zero).

    result = import_kehadiran_file(db, "kehadiran.xlsx", progress)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, Pertemuan, Peserta, TopikParenting
from desmig_desktop.domain.enums import JenisKelamin, KategoriPeserta, Kehadiran
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_tanggal
from desmig_desktop.domain.lembar import KOLOM_KEHADIRAN, TAHUN_AWAL_PROGRAM
from desmig_desktop.domain.progress import NullProgress, Progress, check, gc_ditunda
from desmig_desktop.imports.kehadiran import (
    KehadiranRow,
    check_kehadiran_workbook,
    kunci_nama,
    parse_kehadiran_workbook,
)
from desmig_desktop.imports.workbook import ImportErrors, RowError
from desmig_desktop.services import bulk
from desmig_desktop.services.riwayat import catat_impor, mode_impor
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
_IN = 500
"""Keys per ``IN (...)`` query."""
_LANGKAH = 500
"""Rows per progress step (each step may cost the window a repaint)."""


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


# --------------------------------------------------------------------------- what is stored


@dataclass
class _Tersimpan:
    """What the database holds for the villages the file names, loaded once."""

    desa: dict[str, int] = field(default_factory=dict)  # kode wilayah -> id
    # (desa, date, topic key) -> (id, facilitator, topic), the first by id
    sesi: dict[tuple[int, date, str], tuple[int, str, str]] = field(default_factory=dict)
    # (desa, name key) -> [(id, birth date)] in id order
    orang: dict[tuple[int, str], list[tuple[int, date | None]]] = field(default_factory=dict)

    @classmethod
    def muat(cls, uow: UnitOfWork, rows: Sequence[KehadiranRow]) -> _Tersimpan:
        s = uow.session
        out = cls()
        codes = sorted({r.kode_wilayah for r in rows})
        for part in _potong(codes):
            out.desa.update(
                (kode, did)
                for did, kode in s.execute(
                    select(Desa.id, Desa.kode_wilayah).where(Desa.kode_wilayah.in_(part))
                )
            )
        ids = sorted(out.desa.values())
        for part in _potong(ids):
            for sid, did, tanggal, topik, fasilitator in s.execute(
                select(
                    Pertemuan.id,
                    Pertemuan.desa_id,
                    Pertemuan.tanggal,
                    Pertemuan.topik,
                    Pertemuan.fasilitator,
                )
                .where(Pertemuan.desa_id.in_(part))
                .order_by(Pertemuan.id)
            ):
                kunci = (did, tanggal, kunci_nama(topik))
                out.sesi.setdefault(kunci, (sid, fasilitator, topik))
            for pid, did, nama, lahir in s.execute(
                select(Peserta.id, Peserta.desa_id, Peserta.nama, Peserta.tanggal_lahir)
                .where(Peserta.desa_id.in_(part))
                .order_by(Peserta.id)
            ):
                out.orang.setdefault((did, kunci_nama(nama)), []).append((pid, lahir))
        return out


def _potong(items: Sequence[object]) -> Iterable[Sequence[object]]:
    for i in range(0, len(items), _IN):
        yield items[i : i + _IN]


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

    ada: _Tersimpan
    errors: list[RowError] = field(default_factory=list)
    sesi: dict[tuple[int, date, str], _Sesi] = field(default_factory=dict)
    # stored session id -> (row, the file's facilitator, the stored topic)
    fasilitator: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    baru: dict[tuple[int, str, date | None], _PesertaBaru] = field(default_factory=dict)
    baru_per_nama: dict[tuple[int, str], list[_PesertaBaru]] = field(default_factory=dict)
    tanda: dict[tuple[int, int], tuple[_Orang, _Sesi, Kehadiran, int]] = field(default_factory=dict)
    _kunci_nama: dict[str, str] = field(default_factory=dict)

    def kunci(self, teks: str) -> str:
        """``kunci_nama(teks)``, remembered (names and topics repeat row after row)."""
        hit = self._kunci_nama.get(teks)
        if hit is None:
            hit = self._kunci_nama[teks] = kunci_nama(teks)
        return hit

    def salah(self, row: KehadiranRow | int, kolom: str | None, message: str) -> None:
        baris = row if isinstance(row, int) else row.baris
        self.errors.append(RowError(baris, kolom, message))


def _desa(plan: _Rencana, row: KehadiranRow) -> int | None:
    desa_id = plan.ada.desa.get(row.kode_wilayah)
    if desa_id is None:
        plan.salah(
            row,
            "Kode Wilayah",
            f"Desa {row.kode_wilayah} belum terdaftar sebagai desa Desmigratif; daftarkan dulu "
            "di halaman Desa (atau impor lembar Desa), lalu impor lagi.",
        )
    return desa_id


def _sesi(plan: _Rencana, desa_id: int, row: KehadiranRow) -> _Sesi:
    kunci = (desa_id, row.tanggal, plan.kunci(row.topik))
    sesi = plan.sesi.get(kunci)
    stored = None
    if sesi is None:
        stored = plan.ada.sesi.get(kunci)
        sesi = _SesiBaru(desa_id, row) if stored is None else stored[0]
        plan.sesi[kunci] = sesi
    if isinstance(sesi, _SesiBaru):
        if row.baris < sesi.row.baris:
            sesi.row = row
        if row.fasilitator and not sesi.fasilitator:
            sesi.fasilitator = row.fasilitator  # the reader checked they all agree
    elif row.fasilitator and sesi not in plan.fasilitator:
        stored = stored or plan.ada.sesi[kunci]
        if plan.kunci(stored[1]) != plan.kunci(row.fasilitator):
            plan.fasilitator[sesi] = (row.baris, row.fasilitator, stored[2])
    return sesi


def _baru(plan: _Rencana, kunci: tuple[int, str, date | None], row: KehadiranRow) -> _PesertaBaru:
    """A participant to create; the first row of the file gives the spelling of the name."""
    orang = plan.baru.get(kunci)
    if orang is None:
        orang = plan.baru[kunci] = _PesertaBaru(kunci[0], row)
        plan.baru_per_nama.setdefault(kunci[:2], []).append(orang)
    elif row.baris < orang.row.baris:
        orang.row = row
    return orang


def _orang(plan: _Rencana, desa_id: int, row: KehadiranRow) -> _Orang | None:
    """The participant a row names (stored, or one to create); None: refused (recorded)."""
    nama = plan.kunci(row.nama)
    stored = plan.ada.orang.get((desa_id, nama), ())
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
    calon += plan.baru_per_nama.get((desa_id, nama), [])
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
    plan = _Rencana(_Tersimpan.muat(uow, rows))
    # Rows with a birth date first: a row without one may then name a participant that an
    # earlier-resolved row of the same file creates.
    urutan = sorted(rows, key=lambda r: (r.tanggal_lahir is None, r.baris))
    for n, row in enumerate(urutan, start=1):
        check(progress)
        if n % _LANGKAH == 0:
            progress.advance(_LANGKAH)
        desa_id = _desa(plan, row)
        if desa_id is None:
            continue
        sesi = _sesi(plan, desa_id, row)
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
    progress.advance(len(urutan) % _LANGKAH)
    return plan


# --------------------------------------------------------------------------- writing


def _kolom(exc: ValidationError, peta: dict[str, str]) -> str | None:
    if exc.field in _HEADERS:
        return exc.field
    return peta.get(exc.field or "")


def _rapi(teks: str | None) -> str:
    return " ".join((teks or "").split())


def _periksa_sesi(sesi: _SesiBaru) -> None:
    """The rules of ``parenting.write_pertemuan`` for a new session."""
    r = sesi.row
    if not _rapi(r.topik):
        raise ValidationError("Topik pertemuan wajib diisi.", "Topik")
    if r.tanggal is None:
        raise ValidationError("Tanggal pertemuan wajib diisi.", "Tanggal")
    if r.tanggal.year < TAHUN_AWAL_PROGRAM:
        raise ValidationError(
            f"Tanggal {format_tanggal(r.tanggal)} sebelum program Desmigratif dimulai.", "Tanggal"
        )


def _periksa_peserta(orang: _PesertaBaru, today: date) -> tuple[JenisKelamin, KategoriPeserta]:
    """The rules of ``parenting.validate_peserta`` for a participant made from a row."""
    r = orang.row
    if not _rapi(r.nama):
        raise ValidationError("Nama peserta wajib diisi.", "Nama Peserta")
    lahir = r.tanggal_lahir
    if lahir is not None and not date(1900, 1, 1) <= lahir <= today:
        raise ValidationError(
            f"Tanggal lahir {format_tanggal(lahir)} tidak mungkin.", "Tanggal Lahir"
        )
    return (
        JenisKelamin.parse(r.jenis_kelamin, "Jenis Kelamin"),
        KategoriPeserta.parse(r.kategori, "Kategori"),
    )


def _ingat_topik(uow: UnitOfWork, topik: Iterable[str]) -> None:
    """Topics typed for sessions join the editable list of module topics (as
    ``parenting.write_pertemuan`` does), each once, after the highest ``urutan``."""
    s = uow.session
    known = {nama.lower() for nama in s.scalars(select(TopikParenting.nama))}
    top = s.scalar(select(func.max(TopikParenting.urutan))) or 0
    new: list[tuple[str, int]] = []
    for t in topik:
        if t.lower() not in known and len(t) <= 150:
            known.add(t.lower())
            top += 1
            new.append((t, top))
    bulk.insert_rows(uow, TopikParenting, ("nama", "urutan"), new)


def _tulis(uow: UnitOfWork, plan: _Rencana, baris: int, progress: Progress) -> ImportResult:
    today = date.today()
    sesi_baru = [v for v in plan.sesi.values() if isinstance(v, _SesiBaru)]
    orang_baru = list(plan.baru.values())
    for sesi in sesi_baru:
        try:
            _periksa_sesi(sesi)
        except ValidationError as exc:
            plan.salah(sesi.row, _kolom(exc, _KOLOM_PERTEMUAN), exc.message)
    jenis: list[tuple[JenisKelamin, KategoriPeserta]] = []
    for orang in orang_baru:
        try:
            jenis.append(_periksa_peserta(orang, today))
        except ValidationError as exc:
            plan.salah(orang.row, _kolom(exc, _KOLOM_PESERTA), exc.message)
    if plan.errors:
        raise ImportErrors(plan.errors)
    check(progress)

    ids = bulk.insert_pertemuan(
        uow,
        [
            {
                "desa_id": s.desa_id,
                "tanggal": s.row.tanggal,
                "topik": _rapi(s.row.topik),
                "fasilitator": _rapi(s.fasilitator),
            }
            for s in sesi_baru
        ],
    )
    for sesi, new_id in zip(sesi_baru, ids, strict=True):
        sesi.id = new_id
    bulk.update_rows(
        uow,
        Pertemuan,
        ("id",),
        ("fasilitator",),
        [(sid, _rapi(fas)) for sid, (_, fas, _) in plan.fasilitator.items()],
    )
    _ingat_topik(
        uow,
        [_rapi(s.row.topik) for s in sesi_baru]
        + [_rapi(topik) for _, _, topik in plan.fasilitator.values()],
    )
    check(progress)

    ids = bulk.insert_peserta(
        uow,
        [
            {
                "desa_id": o.desa_id,
                "nama": _rapi(o.row.nama),
                "jenis_kelamin": jk.value,
                "kategori": kategori.value,
                "tanggal_lahir": o.row.tanggal_lahir,
            }
            for o, (jk, kategori) in zip(orang_baru, jenis, strict=True)
        ],
    )
    for orang, new_id in zip(orang_baru, ids, strict=True):
        orang.id = new_id
    check(progress)

    def ident(ref: int | _SesiBaru | _PesertaBaru) -> int:
        if isinstance(ref, int):
            return ref
        assert ref.id is not None
        return ref.id

    # (pertemuan_id, peserta_id, status)
    marks = [(ident(sesi), ident(orang), st.value) for orang, sesi, st, _ in plan.tanda.values()]
    ada = bulk.existing_kehadiran(uow, (s for s in plan.sesi.values() if isinstance(s, int)))
    baru = sorted(m for m in marks if (m[0], m[1]) not in ada)
    diubah = [m for m in marks if ada.get((m[0], m[1]), m[2]) != m[2]]
    check(progress)
    bulk.insert_kehadiran(uow, baru)
    bulk.update_kehadiran(uow, diubah)
    return ImportResult(
        pertemuan_baru=len(sesi_baru),
        peserta_baru=len(orang_baru),
        tanda_baru=len(baru),
        tanda_diubah=len(diubah),
        baris=baris,
        pertemuan_diubah=len(plan.fasilitator),
    )


def _selesai(uow: UnitOfWork, result: ImportResult) -> None:
    """The end of the import's write phase, inside its transaction, just before the commit.

    The rows above were written in bulk (no ORM events, so no audit entry per row); the
    import as a whole is recorded here (audit trail: one entry per import).
    """
    catat_impor(
        uow,
        tabel="kehadiran",
        judul=f"Impor kehadiran dari {uow.session.info.get('impor_berkas') or 'buku kerja'}",
        jumlah=result.baris,
        berkas=uow.session.info.get("impor_berkas"),
        rincian={
            "pertemuan_baru": result.pertemuan_baru,
            "peserta_baru": result.peserta_baru,
            "tanda_baru": result.tanda_baru,
            "tanda_diubah": result.tanda_diubah,
        },
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
    mode_impor(uow)  # one audit entry for the whole import (_selesai), not one per row
    try:
        progress.set_total(len(rows), "Mencocokkan desa, pertemuan dan peserta…")
        plan = _rencanakan(uow, rows, progress)
        plan.errors[:0] = file_errors
        if plan.errors:
            raise ImportErrors(plan.errors)
        progress.set_total(0, "Menyimpan kehadiran…")
        result = _tulis(uow, plan, len(rows), progress)
        _selesai(uow, result)
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
    with gc_ditunda():
        rows, errors = check_kehadiran_workbook(path, progress, today=today)
        with UnitOfWork(db) as uow:
            uow.session.info["impor_berkas"] = Path(path).name
            try:
                return import_kehadiran(uow, rows, progress, file_errors=errors)
            except ImportErrors as exc:
                if exc.berkas is None:
                    raise ImportErrors(exc.errors, path) from None
                raise

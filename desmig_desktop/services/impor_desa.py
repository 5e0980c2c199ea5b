"""Import of the villages workbook (sheet ``Desa``): all rows or none, in one transaction.

``imports.desa`` reads and checks the file (it knows files, not the database); here the
region list is looked up and the checked rows are written through the village service
(:func:`~desmig_desktop.services.desa.validate_desa`, :func:`~.write_desa`). A village
already registered is updated, not duplicated: identity cells given replace the stored
values (empty cells keep them), the statistics of the row's Tahun Data are replaced, an
officer named in the row is added or has the phone updated. Rows of the same village for
different years merge into one profile.

    result = import_desa_file(db, "desa.xlsx", progress)   # or, with your own unit of work:
    rows = read_desa_workbook(path, uow, progress)
    result = import_desa(uow, rows, progress)               # commits once
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import PeranPetugas
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.lembar import KOLOM_DESA
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.imports.desa import DesaRow, WilayahDesa, parse_desa_workbook
from desmig_desktop.imports.workbook import ImportErrors, RowError
from desmig_desktop.services.desa import (
    DesaData,
    PetugasData,
    StatistikData,
    get_desa_by_kode,
    validate_desa,
    write_desa,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import desa_wilayah

__all__ = ["ImportResult", "import_desa", "import_desa_file", "read_desa_workbook"]

_HEADERS = {k.header for k in KOLOM_DESA}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: villages added, villages updated, rows applied."""

    created: int
    updated: int
    rows: int


def read_desa_workbook(
    path: str | Path, uow: UnitOfWork, progress: Progress | None = None
) -> list[DesaRow]:
    """Read and check the ``Desa`` sheet against the region list in the database.

    Raises ``ImportErrors`` with every row-level problem; reads only.
    """

    def cari(kode: str) -> WilayahDesa | None:
        try:
            return desa_wilayah(uow, kode)
        except ValidationError:
            return None

    return parse_desa_workbook(path, cari, progress)


def import_desa(
    uow: UnitOfWork, rows: Sequence[DesaRow], progress: Progress | None = None
) -> ImportResult:
    """Write checked rows in one transaction and commit once.

    Anything raised (``ImportErrors`` from the profile rules, ``Cancelled``, a database
    error) rolls the session back: nothing is written.
    """
    progress = progress or NullProgress()
    progress.set_total(len(rows), "Menyimpan data desa…")
    per_desa: dict[str, list[DesaRow]] = {}
    for row in rows:
        per_desa.setdefault(row.kode_wilayah, []).append(row)
    created = updated = 0
    errors: list[RowError] = []
    try:
        for kode, group in per_desa.items():
            data = get_desa_by_kode(uow, kode)
            if data is None:
                data = DesaData(kode_wilayah=kode, tahun_penetapan=group[0].tahun_penetapan)
                created += 1
            else:
                updated += 1
            for row in group:
                check(progress)
                _apply(data, row)
                progress.advance()
            try:
                clean = validate_desa(uow, data)
            except ValidationError as exc:
                column = exc.field if exc.field in _HEADERS else None
                errors.append(RowError(group[0].baris, column, exc.message))
                continue
            write_desa(uow, clean)
        if errors:
            raise ImportErrors(errors)
        check(progress)
        uow.commit()
    except BaseException:
        uow.session.rollback()
        raise
    return ImportResult(created=created, updated=updated, rows=len(rows))


def import_desa_file(
    db: Database, path: str | Path, progress: Progress | None = None
) -> ImportResult:
    """Read, check and import a villages workbook in its own unit of work."""
    with UnitOfWork(db) as uow:
        rows = read_desa_workbook(path, uow, progress)
        return import_desa(uow, rows, progress)


def _lipat(teks: str) -> str:
    return " ".join(teks.split()).casefold()


def _apply(data: DesaData, row: DesaRow) -> None:
    """Merge one row into a profile: given cells replace, empty cells keep."""
    data.tahun_penetapan = row.tahun_penetapan
    if row.status is not None:
        data.status = row.status
    if row.kepala_desa is not None:
        data.kepala_desa = row.kepala_desa
    if row.petugas is not None:
        nama = _lipat(row.petugas)
        petugas = next((p for p in data.petugas if _lipat(p.nama) == nama), None)
        if petugas is None:
            data.petugas.append(
                PetugasData(
                    nama=row.petugas, peran=PeranPetugas.PETUGAS, telepon=row.telepon_petugas or ""
                )
            )
        elif row.telepon_petugas is not None:
            petugas.telepon = row.telepon_petugas
    st = row.statistik
    if st is None:
        return
    old = data.statistik_tahun(st.tahun)
    new = StatistikData(
        tahun=st.tahun,
        jumlah_penduduk=st.jumlah_penduduk,
        jumlah_kk=old.jumlah_kk if old else None,  # not in the sheet: kept
        pmi_aktif_l=st.pmi_aktif_l or 0,
        pmi_aktif_p=st.pmi_aktif_p or 0,
        cpmi=st.cpmi or 0,
        pmi_purna=st.pmi_purna or 0,
        negara=dict(st.negara),
        catatan=old.catatan if old else "",
        id=old.id if old else None,
    )
    if old is None:
        data.statistik.append(new)
    else:
        data.statistik[data.statistik.index(old)] = new

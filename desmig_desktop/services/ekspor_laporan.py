"""Export of the quarterly report (``desmig export quarterly``, the Laporan page).

Reads the report with :func:`~desmig_desktop.services.laporan.laporan_triwulan` (the
figures the Laporan and Beranda pages show) in one unit of work, then hands it to the
writers of :mod:`desmig_desktop.exports.laporan`: the workbook and the signed PDF.

    result = export_laporan(db, 2024, 2, xlsx="tw2.xlsx", pdf="tw2.pdf", progress=progress)
    result.paths, result.cek_count
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.atomic import staged_outputs
from desmig_desktop.exports.laporan import periksa_kantor, write_laporan_pdf, write_laporan_xlsx
from desmig_desktop.services.ekspor_umum import kertas_dari
from desmig_desktop.services.laporan import CEK_JUDUL, LaporanTriwulan, laporan_triwulan
from desmig_desktop.services.rencana import list_tahun
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

__all__ = ["ExportResult", "baca_laporan", "export_laporan", "nama_berkas"]


@dataclass(frozen=True)
class ExportResult:
    """The files written (workbook first, then PDF) and the number of check-list items."""

    paths: tuple[Path, ...]
    cek_count: int


def nama_berkas(tahun: int, triwulan: Triwulan | int | str) -> str:
    """The suggested file name without extension: ``Laporan Triwulan II 2024``."""
    tw = Triwulan.parse(triwulan, "Triwulan")
    return f"Laporan Triwulan {tw.romawi} {tahun}"


def baca_laporan(db: Database, tahun: int, triwulan: Triwulan | int | str) -> LaporanTriwulan:
    """The report of a year and quarter; ``ValidationError`` when the year has no plan."""
    tw = Triwulan.parse(triwulan, "Triwulan")
    with UnitOfWork(db) as uow:
        if tahun not in {t.tahun for t in list_tahun(uow)}:
            raise ValidationError(f"Tahun anggaran {tahun} belum ada.", "Tahun Anggaran")
        return laporan_triwulan(uow, tahun, tw)


def export_laporan(
    db: Database,
    tahun: int,
    triwulan: Triwulan | int | str,
    *,
    xlsx: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    paper: str | None = None,
    tanggal: date | None = None,
    lampiran_cek: bool = True,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> ExportResult:
    """Export the quarterly report of ``tahun`` and ``triwulan`` to ``xlsx`` and/or ``pdf``.

    ``paper`` (``"A4"`` or ``"F4"``) defaults to the ``ukuran_kertas`` setting, the Rupiah
    spacing follows ``rupiah_spasi``; ``tanggal`` (the place-date line above the
    signatures) defaults to today. ``lampiran_cek`` prints the check list as an annex
    of the PDF (the workbook always has its ``Catatan`` sheet when the list is not
    empty). Everything is checked before any file is written: no target, an unknown
    paper or quarter, a year without a tahun anggaran ("Tahun anggaran 2030 belum ada.")
    or, for a PDF, an office identity without instansi or city raise ``ValidationError``.
    Each file is written atomically; ``Cancelled`` from ``progress`` leaves the file being
    written untouched (a workbook already finished stays).
    """
    if xlsx is None and pdf is None:
        raise ValidationError("Pilih berkas Excel atau PDF tujuan ekspor.", "Berkas")
    progress = progress or NullProgress()
    settings = settings or Settings()
    kertas = kertas_dari(paper, settings)
    spasi = bool(settings.get("rupiah_spasi"))
    progress.set_total(0, "Membaca data laporan…")
    lap = baca_laporan(db, tahun, triwulan)
    if pdf is not None:
        periksa_kantor(lap.kantor)
    check(progress)
    with staged_outputs(xlsx, pdf) as (xlsx_tmp, pdf_tmp):
        if xlsx_tmp is not None:
            write_laporan_xlsx(xlsx_tmp, lap, paper=kertas, cek_judul=CEK_JUDUL, progress=progress)
        if pdf_tmp is not None:
            write_laporan_pdf(
                pdf_tmp,
                lap,
                paper=kertas,
                tanggal=tanggal or date.today(),
                rupiah_spasi=spasi,
                lampiran_cek=lampiran_cek,
                cek_judul=CEK_JUDUL,
                progress=progress,
            )
    paths = [Path(p) for p in (xlsx, pdf) if p is not None]
    return ExportResult(paths=tuple(paths), cek_count=len(lap.cek))

"""Export of the village profiles (``desmig export villages``, the Desa page's "Ekspor…").

Reads every profile, the office identity and the signers in one unit of work, then hands
plain values to the writers of :mod:`desmig_desktop.exports.desa`: the villages workbook
(sheet ``Desa`` in the import format plus the other sheets) and the Profil Desa
Desmigratif PDF, one page per village.

    result = export_desa(db, xlsx="desa.xlsx", pdf="profil.pdf", progress=progress)
    result.paths, result.count
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import PeranPenandatangan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.atomic import staged_outputs
from desmig_desktop.exports.desa import periksa_kantor, write_desa_pdf, write_desa_xlsx
from desmig_desktop.services.desa import all_desa
from desmig_desktop.services.ekspor_umum import kertas_dari
from desmig_desktop.services.kantor import get_kantor, ttd_for
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

__all__ = ["ExportResult", "export_desa"]


@dataclass(frozen=True)
class ExportResult:
    """The files written (workbook first, then PDF) and the number of villages in them."""

    paths: tuple[Path, ...]
    count: int


def export_desa(
    db: Database,
    *,
    xlsx: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    paper: str | None = None,
    tanggal: date | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> ExportResult:
    """Export every village profile to ``xlsx`` and/or ``pdf``.

    ``paper`` (``"A4"`` or ``"F4"``) defaults to the ``ukuran_kertas`` setting, the
    Rupiah spacing follows ``rupiah_spasi``; ``tanggal`` (the place-date line) defaults
    to today. The PDF is signed by the Kepala Dinas, with the Koordinator Desmigratif
    beside (when one is set in Pengaturan). Everything is checked before any file is
    written: no target, an unknown paper or an office identity without instansi or city
    (PDF only) raise ``ValidationError`` and nothing is written. Each file is written
    atomically; ``Cancelled`` from ``progress`` leaves the file being written untouched.
    """
    if xlsx is None and pdf is None:
        raise ValidationError("Pilih berkas Excel atau PDF tujuan ekspor.", "Berkas")
    progress = progress or NullProgress()
    kertas = kertas_dari(paper, settings)
    spasi = bool((settings or Settings()).get("rupiah_spasi"))
    progress.set_total(0, "Membaca data desa…")
    with UnitOfWork(db) as uow:
        desa = all_desa(uow)
        kantor = get_kantor(uow)
        kepala = ttd_for(uow, PeranPenandatangan.KEPALA_DINAS)
        koordinator = ttd_for(uow, PeranPenandatangan.KOORDINATOR)
    if pdf is not None:
        periksa_kantor(kantor)
    check(progress)
    with staged_outputs(xlsx, pdf) as (xlsx_tmp, pdf_tmp):
        if xlsx_tmp is not None:
            write_desa_xlsx(xlsx_tmp, desa, kantor=kantor, paper=kertas, progress=progress)
        if pdf_tmp is not None:
            write_desa_pdf(
                pdf_tmp,
                desa,
                kantor=kantor,
                penandatangan=kepala,
                pembuat=koordinator,
                tanggal=tanggal or date.today(),
                paper=kertas,
                rupiah_spasi=spasi,
                progress=progress,
            )
    paths = [Path(p) for p in (xlsx, pdf) if p is not None]
    return ExportResult(paths=tuple(paths), count=len(desa))

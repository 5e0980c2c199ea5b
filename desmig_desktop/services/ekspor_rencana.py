"""Export of the annual plan (``desmig export plan``): the data from the database, the files
from ``exports.rencana``.

:func:`data_rencana_tahunan` gathers a year's pagu, activities, realisation and budget
summary as plain values (the same queries as the Rencana page: ``list_kegiatan`` and
``ringkasan_anggaran``), so the files always match what the user saw;
:func:`export_rencana` adds the office identity and the signers and writes the workbook
and/or the PDF.

    result = export_rencana(db, 2024, xlsx="rencana-2024.xlsx", pdf="rencana-2024.pdf")
    result.paths, result.kegiatan
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Kegiatan, Pagu, Realisasi, SumberDana
from desmig_desktop.domain.enums import PeranPenandatangan, Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.atomic import staged_outputs
from desmig_desktop.exports.rencana import (
    BarisAnggaran,
    BarisKegiatan,
    BarisPagu,
    BarisRealisasi,
    RencanaTahunan,
    write_rencana_pdf,
    write_rencana_xlsx,
)
from desmig_desktop.services.ekspor_umum import kertas_dari
from desmig_desktop.services.kantor import get_kantor, ttd_for
from desmig_desktop.services.rencana import (
    list_kegiatan,
    list_sumber_dana,
    list_tahun,
    ringkasan_anggaran,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

__all__ = ["ExportResult", "data_rencana_tahunan", "export_rencana"]


@dataclass(frozen=True)
class ExportResult:
    """The files written (workbook first, then PDF) and the number of activities in them."""

    paths: tuple[Path, ...]
    kegiatan: int


def data_rencana_tahunan(uow: UnitOfWork, tahun: int) -> RencanaTahunan:
    """A year's plan as plain values; ``ValidationError`` when the year does not exist."""
    if tahun not in {t.tahun for t in list_tahun(uow)}:
        raise ValidationError(
            f"Tahun anggaran {tahun} belum ada; tidak ada rencana kegiatan untuk diekspor.",
            "Tahun Anggaran",
        )
    s = uow.session
    order = {p.value: i for i, p in enumerate(Pilar)}
    pagu = sorted(
        (
            BarisPagu(tahun, Pilar(pilar), nama, jumlah)
            for pilar, nama, urutan, jumlah in s.execute(
                select(Pagu.pilar, SumberDana.nama, SumberDana.urutan, Pagu.jumlah)
                .join(SumberDana, SumberDana.id == Pagu.sumber_dana_id)
                .where(Pagu.tahun == tahun)
                .order_by(SumberDana.urutan, SumberDana.nama)
            )
        ),
        key=lambda b: order[b.pilar.value],  # stable: sources keep their list order
    )
    plans = list_kegiatan(uow, tahun)
    kegiatan = [
        BarisKegiatan(
            kode=k.kode,
            tahun=tahun,
            pilar=k.pilar,
            kode_wilayah=k.kode_wilayah,
            desa=k.desa,
            nama=k.nama,
            volume=k.volume,
            satuan=k.satuan,
            triwulan=k.triwulan,
            anggaran=k.anggaran,
            sumber_dana=k.sumber_dana,
            penanggung_jawab=k.penanggung_jawab,
        )
        for k in plans
    ]
    urutan = {k.kode: i for i, k in enumerate(plans)}
    realisasi = sorted(
        (
            BarisRealisasi(
                kode=kode,
                nama_kegiatan=nama,
                triwulan=Triwulan(r.triwulan),
                jumlah=r.jumlah,
                volume=r.volume,
                status=StatusKegiatan(r.status),
                keterangan=r.keterangan,
            )
            for r, kode, nama in s.execute(
                select(Realisasi, Kegiatan.kode, Kegiatan.nama)
                .join(Kegiatan, Kegiatan.id == Realisasi.kegiatan_id)
                .where(Kegiatan.tahun == tahun)
            )
        ),
        key=lambda r: (urutan.get(r.kode, len(urutan)), r.triwulan.nomor),
    )
    ringkasan = ringkasan_anggaran(uow, tahun)
    anggaran = [
        BarisAnggaran(
            pilar=b.pilar,
            sumber_dana=b.sumber_dana,
            pagu=b.pagu,
            rencana=b.rencana,
            realisasi_tw=(
                b.realisasi_tw[0],
                b.realisasi_tw[1],
                b.realisasi_tw[2],
                b.realisasi_tw[3],
            ),
        )
        for b in ringkasan.baris
        if b.pilar is not None
    ]
    return RencanaTahunan(
        tahun=tahun,
        pagu=pagu,
        kegiatan=kegiatan,
        realisasi=realisasi,
        anggaran=anggaran,
        sumber_dana=tuple(list_sumber_dana(uow)),
    )


def export_rencana(
    db: Database,
    tahun: int,
    *,
    xlsx: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    paper: str | None = None,
    tanggal: date | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> ExportResult:
    """Write the annual plan of ``tahun`` to ``xlsx`` and/or ``pdf``.

    ``paper`` ("A4" or "F4") defaults to the ``ukuran_kertas`` setting, the Rupiah spacing
    of the PDF follows ``rupiah_spasi``; ``tanggal`` (the place-and-date line) defaults to
    today. The PDF is signed by the Kepala Dinas ("Mengetahui,") and the Koordinator
    Desmigratif (else the Penanggung Jawab). Everything is checked before any file is
    written: no target, an unknown year or paper, an office identity without instansi or
    city (PDF only) raise ``ValidationError`` and nothing is written. Files that cannot be
    written raise ``KnownEnvironmentError`` (``exports.atomic``); ``Cancelled`` from
    ``progress`` leaves the file being written untouched.
    """
    if xlsx is None and pdf is None:
        raise ValidationError(
            "Pilih paling sedikit satu berkas keluaran: Excel (.xlsx) atau PDF.", "Berkas"
        )
    progress = progress or NullProgress()
    kertas = kertas_dari(paper, settings)
    spasi = bool((settings or Settings()).get("rupiah_spasi"))
    progress.set_total(0, "Membaca rencana kegiatan…")
    with UnitOfWork(db) as uow:
        data = data_rencana_tahunan(uow, tahun)
        kantor = get_kantor(uow)
        kepala = ttd_for(uow, PeranPenandatangan.KEPALA_DINAS)
        kedua = ttd_for(uow, PeranPenandatangan.KOORDINATOR) or ttd_for(
            uow, PeranPenandatangan.PENANGGUNG_JAWAB
        )
    if pdf is not None and not (kantor.instansi.strip() and kantor.kota.strip()):
        raise ValidationError(
            "Identitas kantor belum lengkap: isi nama instansi dan kota di halaman Pengaturan "
            "sebelum mencetak PDF.",
            "Identitas kantor",
        )
    check(progress)
    with staged_outputs(xlsx, pdf) as (xlsx_tmp, pdf_tmp):
        if xlsx_tmp is not None:
            write_rencana_xlsx(
                xlsx_tmp, data, instansi=kantor.instansi, paper=kertas, progress=progress
            )
        if pdf_tmp is not None:
            write_rencana_pdf(
                pdf_tmp,
                data,
                kantor=kantor,
                kota=kantor.kota,
                tanggal=tanggal or date.today(),
                kepala=kepala,
                penanggung_jawab=kedua,
                paper=kertas,
                rupiah_spasi=spasi,
                progress=progress,
            )
    paths = [Path(p) for p in (xlsx, pdf) if p is not None]
    return ExportResult(paths=tuple(paths), kegiatan=len(data.kegiatan))

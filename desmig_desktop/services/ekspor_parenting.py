"""Community-parenting printouts: the daftar hadir of a session and the attendance recap.

Gathers, in one unit of work, the session, the village profile (names, kepala desa),
the participants and marks (:func:`~desmig_desktop.services.parenting.kisi`), the office
identity and the signers, and hands plain values to
:mod:`desmig_desktop.exports.daftar_hadir`.

    export_daftar_hadir(db, "35.04.14.2011", date(2024, 1, 20), "Sosialisasi ...", pdf=p)
    export_daftar_hadir_sesi(db, pertemuan_id, pdf=p)             # a session's button
    blank_daftar_hadir(db, "35.04.14.2011", date(2024, 7, 6), "Pola Asuh", pdf=p)
    export_rekap_kehadiran(db, "35.04.14.2011", dari=..., sampai=..., xlsx=x, pdf=p)

A participant's NIK never reaches the writers (UU 27/2022).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import KehadiranPeserta, Pertemuan
from desmig_desktop.domain.enums import Kehadiran, PeranPenandatangan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_tanggal_hari
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.atomic import staged_outputs
from desmig_desktop.exports.daftar_hadir import (
    BARIS_KOSONG,
    BarisHadir,
    DaftarHadir,
    PesertaRekap,
    RekapKehadiran,
    SesiRekap,
    judul_desa,
    write_daftar_hadir_pdf,
    write_rekap_pdf,
    write_rekap_xlsx,
)
from desmig_desktop.exports.pdf_base import periksa_identitas
from desmig_desktop.services.desa import DesaData, get_desa, get_desa_by_kode
from desmig_desktop.services.ekspor_umum import kertas_dari
from desmig_desktop.services.kantor import get_kantor, ttd_for
from desmig_desktop.services.parenting import (
    PertemuanData,
    Rekap,
    find_pertemuan,
    get_pertemuan,
    kisi,
    list_peserta,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

__all__ = [
    "ExportResult",
    "blank_daftar_hadir",
    "daftar_hadir_data",
    "export_daftar_hadir",
    "export_daftar_hadir_sesi",
    "export_rekap_kehadiran",
    "rekap_kehadiran_data",
]

Path_ = str | os.PathLike[str]


@dataclass(frozen=True)
class ExportResult:
    """The files written (workbook first, then PDF)."""

    paths: tuple[Path, ...]


# --------------------------------------------------------------------------- helpers


def _desa(uow: UnitOfWork, desa: str | int) -> DesaData:
    """A village by its code (text) or its id (int)."""
    if isinstance(desa, int):
        return get_desa(uow, desa)
    kode = desa.strip()
    data = get_desa_by_kode(uow, kode)
    if data is None:
        raise ValidationError(
            f"Desa {kode} belum terdaftar sebagai desa Desmigratif.", "Kode Wilayah"
        )
    return data


def _tanda_sesi(uow: UnitOfWork, pertemuan_id: int) -> dict[int, Kehadiran]:
    return {
        pid: Kehadiran.parse(status)
        for pid, status in uow.session.execute(
            select(KehadiranPeserta.peserta_id, KehadiranPeserta.status).where(
                KehadiranPeserta.pertemuan_id == pertemuan_id
            )
        )
    }


# --------------------------------------------------------------------------- daftar hadir


def daftar_hadir_data(
    uow: UnitOfWork,
    desa: DesaData,
    sesi: PertemuanData,
    *,
    blank: bool = False,
    today: date | None = None,
) -> DaftarHadir:
    """The values of a session's daftar hadir.

    Listed: the village's active participants and anyone with a mark at the session. The
    "Ket." column (H/I/S/A) is printed when the session has been held and has marks,
    unless ``blank``; a blank sheet gets a few empty rows for walk-ins. A session not
    stored yet (``sesi.id is None``) is blank.
    """
    assert desa.id is not None
    today = today or date.today()
    tanda = _tanda_sesi(uow, sesi.id) if sesi.id is not None else {}
    ket = bool(tanda) and not blank and sesi.tanggal <= today
    peserta = [
        p
        for p in list_peserta(uow, desa.id, only_active=False)
        if p.aktif or (p.id is not None and p.id in tanda)
    ]
    return DaftarHadir(
        kode_wilayah=desa.kode_wilayah,
        desa=desa.nama,
        kecamatan=desa.kecamatan,
        kabkota=desa.kabkota,
        tanggal=sesi.tanggal,
        topik=sesi.topik,
        tempat=sesi.tempat,
        fasilitator=sesi.fasilitator,
        kepala_desa=desa.kepala_desa,
        peserta=[
            BarisHadir(
                nama=p.nama,
                jenis_kelamin=p.jenis_kelamin.value,
                kategori=p.kategori.label,
                status=tanda[p.id].value if ket and p.id in tanda else None,
            )
            for p in peserta
        ],
        ket=ket,
        baris_kosong=0 if ket else BARIS_KOSONG,
    )


def _tulis_daftar_hadir(
    uow: UnitOfWork,
    desa: DesaData,
    sesi: PertemuanData,
    pdf: Path_,
    *,
    blank: bool,
    paper: str | None,
    settings: Settings | None,
    progress: Progress | None,
) -> Path:
    kertas = kertas_dari(paper, settings)
    kantor = get_kantor(uow)
    periksa_identitas(kantor.instansi, kantor.kota, lanjut="cetak lagi", perlu_kota=False)
    data = daftar_hadir_data(uow, desa, sesi, blank=blank)
    return write_daftar_hadir_pdf(pdf, data, kantor, paper=kertas, progress=progress)


def export_daftar_hadir(
    db: Database,
    desa: str | int,
    tanggal: date,
    topik: str,
    *,
    pdf: Path_,
    blank: bool = False,
    paper: str | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Path:
    """The daftar hadir of the stored session of village ``desa`` (code or id) on
    ``tanggal`` with ``topik`` (case and spaces ignored) — ``desmig export daftar-hadir``.

    A session that does not exist is refused (``ValidationError`` naming the topic, the
    day and the village, and the topics of that day if any); nothing is written.
    """
    with UnitOfWork(db) as uow:
        data = _desa(uow, desa)
        assert data.id is not None
        sesi_id = find_pertemuan(uow, data.id, tanggal, topik)
        if sesi_id is None:
            lain = list(
                uow.session.scalars(
                    select(Pertemuan.topik)
                    .where(Pertemuan.desa_id == data.id, Pertemuan.tanggal == tanggal)
                    .order_by(Pertemuan.topik)
                )
            )
            pesan = (
                f'Pertemuan "{" ".join(topik.split())}" pada {format_tanggal_hari(tanggal)} di '
                f"{judul_desa(data.kode_wilayah, data.nama)} tidak ditemukan."
            )
            if lain:
                pesan += " Pertemuan pada hari itu: " + ", ".join(f'"{t}"' for t in lain) + "."
            else:
                pesan += " Untuk pertemuan yang belum dicatat, cetak daftar hadir kosong."
            raise ValidationError(pesan, "Topik")
        return _tulis_daftar_hadir(
            uow,
            data,
            get_pertemuan(uow, sesi_id),
            pdf,
            blank=blank,
            paper=paper,
            settings=settings,
            progress=progress,
        )


def export_daftar_hadir_sesi(
    db: Database,
    pertemuan_id: int,
    *,
    pdf: Path_,
    blank: bool = False,
    paper: str | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Path:
    """The daftar hadir of a stored session by its id (the session's button)."""
    with UnitOfWork(db) as uow:
        sesi = get_pertemuan(uow, pertemuan_id)
        return _tulis_daftar_hadir(
            uow,
            get_desa(uow, sesi.desa_id),
            sesi,
            pdf,
            blank=blank,
            paper=paper,
            settings=settings,
            progress=progress,
        )


def blank_daftar_hadir(
    db: Database,
    desa: str | int,
    tanggal: date,
    topik: str,
    tempat: str = "",
    fasilitator: str = "",
    *,
    pdf: Path_,
    paper: str | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Path:
    """A blank daftar hadir to sign at a session not recorded (or not held) yet.

    Lists the village's active participants, without marks, plus empty rows. When the
    session is stored after all, its place and facilitator fill what is not given.
    Nothing is written to the database.
    """
    topik = " ".join((topik or "").split())
    if not topik:
        raise ValidationError("Topik pertemuan wajib diisi.", "Topik")
    with UnitOfWork(db) as uow:
        data = _desa(uow, desa)
        assert data.id is not None
        sesi = PertemuanData(data.id, tanggal, topik, fasilitator.strip(), tempat.strip())
        sesi_id = find_pertemuan(uow, data.id, tanggal, topik)
        if sesi_id is not None:
            stored = get_pertemuan(uow, sesi_id)
            sesi.topik = stored.topik
            sesi.tempat = sesi.tempat or stored.tempat
            sesi.fasilitator = sesi.fasilitator or stored.fasilitator
        return _tulis_daftar_hadir(
            uow, data, sesi, pdf, blank=True, paper=paper, settings=settings, progress=progress
        )


# --------------------------------------------------------------------------- recap


def rekap_kehadiran_data(
    uow: UnitOfWork, desa: DesaData, dari: date | None = None, sampai: date | None = None
) -> RekapKehadiran:
    """The recap of a village's sessions from ``dari`` to ``sampai`` (both included), from
    :func:`~desmig_desktop.services.parenting.kisi` (active participants, and inactive ones
    with marks in the period): the figures of the attendance grid on screen.

    The counts per participant, per session and in total come from one pass over the grid
    (a village with 10,000 participants and 100,000 marks takes a fraction of a second).
    """
    assert desa.id is not None
    grid = kisi(uow, desa.id, dari, sampai)
    sesi_ids = [s.id or 0 for s in grid.pertemuan]
    per_sesi = [Rekap() for _ in sesi_ids]
    total = Rekap()
    marks = grid.marks
    peserta = []
    for p in grid.peserta:
        pid = p.id or 0
        tanda = [m.value if (m := marks.get((pid, sid))) is not None else None for sid in sesi_ids]
        rekap = Rekap(tanda.count("H"), tanda.count("I"), tanda.count("S"), tanda.count("A"))
        if rekap.total:
            for r, t in zip(per_sesi, tanda, strict=True):
                if t is not None:
                    r.add(t)
        total.h += rekap.h
        total.i += rekap.i
        total.s += rekap.s
        total.a += rekap.a
        peserta.append(
            PesertaRekap(
                nama=p.nama,
                jenis_kelamin=p.jenis_kelamin.value,
                kategori=p.kategori.label,
                tanggal_lahir=p.tanggal_lahir,
                tanda=tanda,
                rekap=rekap,
            )
        )
    return RekapKehadiran(
        kode_wilayah=desa.kode_wilayah,
        desa=desa.nama,
        kecamatan=desa.kecamatan,
        kabkota=desa.kabkota,
        dari=dari,
        sampai=sampai,
        sesi=[
            SesiRekap(
                tanggal=s.tanggal,
                topik=s.topik,
                fasilitator=s.fasilitator,
                tempat=s.tempat,
                rekap=r,
            )
            for s, r in zip(grid.pertemuan, per_sesi, strict=True)
        ],
        peserta=peserta,
        total=total,
    )


def export_rekap_kehadiran(
    db: Database,
    desa: str | int,
    *,
    dari: date | None = None,
    sampai: date | None = None,
    xlsx: Path_ | None = None,
    pdf: Path_ | None = None,
    paper: str | None = None,
    tanggal: date | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """The attendance recap of village ``desa`` (code or id) for a period, to ``xlsx``
    and/or ``pdf``. The PDF is signed by the Kepala Dinas ("Mengetahui,") and the
    Koordinator Desmigratif, dated ``tanggal`` (default today) at the office's city.
    Everything is checked before any file is written."""
    if xlsx is None and pdf is None:
        raise ValidationError("Pilih berkas Excel atau PDF tujuan ekspor.", "Berkas")
    if dari is not None and sampai is not None and dari > sampai:
        raise ValidationError("Tanggal awal periode sesudah tanggal akhirnya.", "Periode")
    progress = progress or NullProgress()
    kertas = kertas_dari(paper, settings)
    progress.set_total(0, "Membaca data kehadiran…")
    with UnitOfWork(db) as uow:
        data = _desa(uow, desa)
        rekap = rekap_kehadiran_data(uow, data, dari, sampai)
        kantor = get_kantor(uow)
        signers = [
            t
            for t in (
                ttd_for(uow, PeranPenandatangan.KEPALA_DINAS),
                ttd_for(uow, PeranPenandatangan.KOORDINATOR),
            )
            if t is not None
        ]
    if pdf is not None:
        periksa_identitas(kantor.instansi, kantor.kota, lanjut="cetak lagi")
    check(progress)
    with staged_outputs(xlsx, pdf) as (xlsx_tmp, pdf_tmp):
        if xlsx_tmp is not None:
            write_rekap_xlsx(
                xlsx_tmp, rekap, instansi=kantor.instansi, paper=kertas, progress=progress
            )
        if pdf_tmp is not None:
            write_rekap_pdf(
                pdf_tmp,
                rekap,
                kantor,
                kota=kantor.kota,
                tanggal=tanggal or date.today(),
                penandatangan=signers or [None],
                paper=kertas,
                progress=progress,
            )
    paths = [Path(p) for p in (xlsx, pdf) if p is not None]
    return ExportResult(tuple(paths))

"""Counts of what the database holds (the first figures on the Beranda page)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desmig_desktop.db.models import Desa, Kegiatan, KehadiranPeserta, Pertemuan, Peserta
from desmig_desktop.domain.enums import StatusDesa
from desmig_desktop.services.uow import UnitOfWork


@dataclass(frozen=True)
class Hitungan:
    desa_aktif: int
    desa_total: int
    kegiatan: int
    peserta: int
    pertemuan: int
    kehadiran: int

    @property
    def kosong(self) -> bool:
        return not (self.desa_total or self.kegiatan or self.peserta or self.pertemuan)


def hitung(uow: UnitOfWork) -> Hitungan:
    s = uow.session

    def count(model: type, *where: object) -> int:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return Hitungan(
        desa_aktif=count(Desa, Desa.status == StatusDesa.AKTIF.value),
        desa_total=count(Desa),
        kegiatan=count(Kegiatan),
        peserta=count(Peserta),
        pertemuan=count(Pertemuan),
        kehadiran=count(KehadiranPeserta),
    )

"""Read queries over the official region list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desmig_desktop.db.models import Wilayah
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.wilayah import DESA, parent, short_kabkota, validate_kode
from desmig_desktop.services.uow import UnitOfWork


@dataclass(frozen=True)
class DesaWilayah:
    """A desa/kelurahan with the names of the regions above it."""

    kode: str
    nama: str
    kecamatan: str
    kabkota: str
    provinsi: str

    @property
    def label(self) -> str:
        """'Betak, Kec. Kalidawir, Kab. Tulungagung, Jawa Timur (35.04.14.2016)'."""
        return (
            f"{self.nama}, Kec. {self.kecamatan}, {short_kabkota(self.kabkota)}, "
            f"{self.provinsi} ({self.kode})"
        )


def nama_wilayah(uow: UnitOfWork, kode: str) -> str | None:
    return uow.session.scalar(select(Wilayah.nama).where(Wilayah.kode == kode))


def desa_wilayah(uow: UnitOfWork, kode: str, field: str = "Kode Wilayah") -> DesaWilayah:
    """The desa/kelurahan ``kode`` with its parents; ValidationError if unknown."""
    kode = validate_kode(kode, DESA)
    kec = parent(kode)
    kab = parent(kec) if kec else None
    prov = parent(kab) if kab else None
    codes = [kode, kec, kab, prov]
    rows = uow.session.execute(select(Wilayah.kode, Wilayah.nama).where(Wilayah.kode.in_(codes)))
    names = {kode: nama for kode, nama in rows}
    if kode not in names:
        raise ValidationError(
            f'Kode wilayah "{kode}" tidak ada dalam daftar wilayah resmi Kemendagri.', field
        )
    return DesaWilayah(
        kode=kode,
        nama=names[kode],
        kecamatan=names.get(kec or "", ""),
        kabkota=names.get(kab or "", ""),
        provinsi=names.get(prov or "", ""),
    )

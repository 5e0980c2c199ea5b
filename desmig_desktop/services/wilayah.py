"""Read queries over the official region list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased

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


_CODE_CHARS = set("0123456789.")


def search_desa(
    uow: UnitOfWork, text: str, *, kode_kabkota: str | None = None, limit: int = 30
) -> list[DesaWilayah]:
    """Desa/kelurahan matching ``text`` (a name, words of its path, or a code prefix).

    "pagersari kalidawir" finds Pagersari in Kec. Kalidawir: every word must
    appear in the village's, the kecamatan's or the kabupaten's name. With
    ``kode_kabkota`` the search stays inside that kabupaten/kota (the office's own,
    by default in the picker), using the code range so it stays fast.
    """
    words = text.split()
    if not words:
        return []
    desa, kec, kab, prov = (aliased(Wilayah) for _ in range(4))
    stmt = (
        select(desa.kode, desa.nama, kec.nama, kab.nama, prov.nama)
        .join(kec, kec.kode == desa.induk)
        .join(kab, kab.kode == kec.induk)
        .join(prov, prov.kode == kab.induk)
        .where(desa.tingkat == DESA)
    )
    if kode_kabkota:
        stmt = stmt.where(desa.kode >= f"{kode_kabkota}.", desa.kode < f"{kode_kabkota}/")
    if len(words) == 1 and set(words[0]) <= _CODE_CHARS and any(c.isdigit() for c in words[0]):
        stmt = stmt.where(desa.kode.like(f"{words[0]}%")).order_by(desa.kode)
    else:
        for word in words:
            like = f"%{word}%"
            stmt = stmt.where(
                or_(desa.nama.ilike(like), kec.nama.ilike(like), kab.nama.ilike(like))
            )
        first = words[0]
        rank = case(
            (func.lower(desa.nama) == first.lower(), 0),
            (desa.nama.ilike(f"{first}%"), 1),
            else_=2,
        )
        stmt = stmt.order_by(rank, desa.nama, desa.kode)
    rows = uow.session.execute(stmt.limit(limit)).all()
    return [
        DesaWilayah(kode=r[0], nama=r[1], kecamatan=r[2], kabkota=r[3], provinsi=r[4]) for r in rows
    ]


def nama_kabkota(uow: UnitOfWork, kode: str | None) -> str | None:
    if not kode:
        return None
    return nama_wilayah(uow, kode)

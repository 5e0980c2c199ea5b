"""Read queries over the official region list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Integer, bindparam, case, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from desmig_desktop.db.models import Wilayah
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.wilayah import DESA, parent, short_kabkota, validate_kode
from desmig_desktop.services.cari import Disiapkan, like_awal, rentang_awal, succ
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


@cache
def _code_stmt(scoped: bool) -> Disiapkan:
    """Villages whose code starts with ``kode_dari`` (the range up to ``kode_ke``)."""
    desa, kec, kab, prov = (aliased(Wilayah) for _ in range(4))
    stmt = (
        select(desa.kode, desa.nama, kec.nama, kab.nama, prov.nama)
        .select_from(desa)
        .join(kec, kec.kode == desa.induk)
        .join(kab, kab.kode == kec.induk)
        .join(prov, prov.kode == kab.induk)
        .where(
            desa.tingkat == DESA,
            desa.kode >= bindparam("kode_dari"),
            desa.kode < bindparam("kode_ke"),
        )
    )
    if scoped:
        stmt = stmt.where(desa.kode >= bindparam("kab_dari"), desa.kode < bindparam("kab_ke"))
    return Disiapkan(stmt.order_by(desa.kode).limit(bindparam("batas", type_=Integer)))


@cache
def _search_stmt(ranges: int, words: int, scoped: bool) -> Disiapkan:
    """The name search for one shape, built once; the values go in as bound parameters.

    Two kinds of candidates, each read from the name index over the ``ranges`` ranges of
    the first word (any case, see ``services.cari.rentang_awal``), at most ``batas`` of
    each: villages whose name starts with the word (exact names first), then villages of
    a kecamatan whose name starts with it (kecamatan by kecamatan). Each of the
    ``words`` other words must appear in the village's, the kecamatan's or the
    kabupaten's name.
    """
    desa, kec, kab, prov = (aliased(Wilayah) for _ in range(4))
    batas = bindparam("batas", type_=Integer)
    others = [
        or_(
            desa.nama.ilike(bindparam(f"kata{i}"), escape="\\"),
            kec.nama.ilike(bindparam(f"kata{i}"), escape="\\"),
            kab.nama.ilike(bindparam(f"kata{i}"), escape="\\"),
        )
        for i in range(words)
    ]
    scope = [desa.kode >= bindparam("kab_dari"), desa.kode < bindparam("kab_ke")] if scoped else []

    def candidates(named: Any, rank: Any, i: int) -> Any:
        # read in the order of the name index that drives the range (few rows sorted)
        order = (desa.nama, desa.kode) if named is desa else (kec.nama, kec.kode, desa.nama)
        return (
            select(desa.kode, desa.nama, kec.nama, kab.nama, kab.induk, rank.label("urut"))
            .select_from(desa)
            .join(kec, kec.kode == desa.induk)
            .join(kab, kab.kode == kec.induk)
            .where(
                desa.tingkat == DESA,
                named.nama >= bindparam(f"dari{i}"),
                named.nama < bindparam(f"ke{i}"),
                named.nama.ilike(bindparam("awal"), escape="\\"),
                *scope,
                *others,
            )
            .order_by(*order)
            .limit(batas)
            .subquery()
        )

    exact = case((func.lower(desa.nama) == func.lower(bindparam("kata")), 0), else_=1)
    parts = [candidates(desa, exact, i) for i in range(ranges)]
    parts += [candidates(kec, literal(2), i) for i in range(ranges)]
    union = union_all(*(select(*part.c) for part in parts)).subquery()
    kode, nama, kecamatan, kabkota, induk, urut = union.c
    return Disiapkan(
        select(kode, nama, kecamatan, kabkota, prov.nama, func.min(urut).label("urut"))
        .join(prov, prov.kode == induk)
        .group_by(kode, nama, kecamatan, kabkota, prov.nama)  # a village found both ways
        .order_by(func.min(urut), nama, kode)
        .limit(batas)
    )


def search_desa(
    uow: UnitOfWork, text: str, *, kode_kabkota: str | None = None, limit: int = 30
) -> list[DesaWilayah]:
    """Desa/kelurahan matching ``text``: a name, words of its path, or a code prefix.

    The first word is the start of the village's name or of its kecamatan's (any case):
    "kalidawir" lists Kalidawir and the villages of Kec. Kalidawir. Every further word
    must appear in the village's, the kecamatan's or the kabupaten's name, so
    "pagersari kalidawir" finds Pagersari in Kec. Kalidawir. With ``kode_kabkota`` the
    search stays inside that kabupaten/kota (the office's own, by default in the
    picker). Every read goes through an index (names, codes): no scan of the 83,762
    villages, whatever is typed.
    """
    words = text.split()
    if not words:
        return []
    scope: dict[str, str] = {}
    if kode_kabkota:
        scope = {"kab_dari": f"{kode_kabkota}.", "kab_ke": f"{kode_kabkota}/"}
    if len(words) == 1 and set(words[0]) <= _CODE_CHARS and any(c.isdigit() for c in words[0]):
        params = {"batas": limit, "kode_dari": words[0], "kode_ke": succ(words[0])} | scope
        return [DesaWilayah(*r) for r in _code_stmt(bool(scope)).jalankan(uow, params)]
    first, rest = words[0], words[1:]
    ranges = rentang_awal(first)
    params: dict[str, Any] = {"batas": limit, "kata": first, "awal": like_awal(first)}
    params |= scope
    for i, (dari, ke) in enumerate(ranges):
        params[f"dari{i}"], params[f"ke{i}"] = dari, ke
    for i, word in enumerate(rest):
        params[f"kata{i}"] = "%" + like_awal(word)
    rows = _search_stmt(len(ranges), len(rest), bool(scope)).jalankan(uow, params)
    return [DesaWilayah(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def nama_kabkota(uow: UnitOfWork, kode: str | None) -> str | None:
    if not kode:
        return None
    return nama_wilayah(uow, kode)

"""Import of the villages workbook (sheet ``Desa``): all rows or none, in one transaction.

``imports.desa`` reads and checks the file (it knows files, not the database); here the
region list is looked up and the checked rows are written under the village service's
rules (:mod:`~desmig_desktop.services.desa`). A village already registered is updated, not
duplicated: identity cells given replace the stored values (empty cells keep them), the
statistics of the row's Tahun Data are replaced, an officer named in the row is added or
has the phone updated. Rows of the same village for different years merge into one
profile.

At national scale (thousands of villages) the look-ups are made once for the whole file:
the region names from one read of the region list, the stored profiles of the villages
the file names with one query per table. New villages, with their officers, statistics
and destination countries, are written in bulk (:mod:`~desmig_desktop.services.bulk`);
a registered village that the file changes is written through
:func:`~desmig_desktop.services.desa.write_desa`, one that it leaves as it was is not
written at all.

    result = import_desa_file(db, "desa.xlsx", progress)   # or, with your own unit of work:
    rows = read_desa_workbook(path, uow, progress)
    result = import_desa(uow, rows, progress)               # commits once
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import (
    AsetPilar,
    Desa,
    Negara,
    PetugasDesa,
    StatistikDesa,
    StatistikNegara,
    Wilayah,
)
from desmig_desktop.domain.enums import PeranPetugas
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.lembar import KOLOM_DESA
from desmig_desktop.domain.progress import NullProgress, Progress, check, gc_ditunda
from desmig_desktop.domain.wilayah import DESA, parent, validate_kode
from desmig_desktop.imports.desa import DesaRow, WilayahDesa, parse_desa_workbook
from desmig_desktop.imports.workbook import ImportErrors, RowError
from desmig_desktop.services import bulk
from desmig_desktop.services.desa import (
    AsetData,
    DesaData,
    PetugasData,
    StatistikData,
    aset_data,
    desa_data,
    petugas_data,
    statistik_data,
    validate_profil,
    write_desa,
)
from desmig_desktop.services.riwayat import catat_impor, mode_impor
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import DesaWilayah, desa_wilayah

__all__ = ["ImportResult", "import_desa", "import_desa_file", "read_desa_workbook"]

_HEADERS = {k.header for k in KOLOM_DESA}
_IN = 500
"""Keys per ``IN (...)`` query."""
_SATU_PER_SATU = 50
"""Region look-ups answered one query each before the whole list is read at once."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did: villages added, villages updated, rows applied."""

    created: int
    updated: int
    rows: int


# --------------------------------------------------------------------------- regions


class _Wilayah:
    """The official region list, for many codes: a few codes one query each, then the
    whole list (about 91,000 names) read once into a dictionary."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.nama: dict[str, str] | None = None
        self.dicari = 0

    def __call__(self, kode: str) -> DesaWilayah | None:
        """The desa/kelurahan ``kode`` with its parents, or None when not in the list."""
        try:
            return self.cari(kode)
        except ValidationError:
            return None

    def cari(self, kode: str) -> DesaWilayah:
        """As :func:`~desmig_desktop.services.wilayah.desa_wilayah` (the same answer and
        the same refusal)."""
        self.dicari += 1
        if self.nama is None and self.dicari <= _SATU_PER_SATU:
            return desa_wilayah(self.uow, kode)
        if self.nama is None:
            self.nama = dict(self.uow.session.execute(select(Wilayah.kode, Wilayah.nama)).all())
        kode = validate_kode(kode, DESA)
        kec = parent(kode)
        kab = parent(kec) if kec else None
        prov = parent(kab) if kab else None
        nama = self.nama.get(kode)
        if nama is None:
            raise ValidationError(
                f'Kode wilayah "{kode}" tidak ada dalam daftar wilayah resmi Kemendagri.',
                "Kode Wilayah",
            )
        return DesaWilayah(
            kode=kode,
            nama=nama,
            kecamatan=self.nama.get(kec or "", ""),
            kabkota=self.nama.get(kab or "", ""),
            provinsi=self.nama.get(prov or "", ""),
        )


def read_desa_workbook(
    path: str | Path, uow: UnitOfWork, progress: Progress | None = None
) -> list[DesaRow]:
    """Read and check the ``Desa`` sheet against the region list in the database.

    Raises ``ImportErrors`` with every row-level problem; reads only.
    """
    cari: _Wilayah = uow.session.info.setdefault("impor_desa_wilayah", _Wilayah(uow))

    def lookup(kode: str) -> WilayahDesa | None:
        return cari(kode)

    return parse_desa_workbook(path, lookup, progress)


# --------------------------------------------------------------------------- stored profiles


def _potong(items: Sequence[Any]) -> Sequence[Sequence[Any]]:
    return [items[i : i + _IN] for i in range(0, len(items), _IN)]


def _tersimpan(uow: UnitOfWork, codes: Sequence[str]) -> dict[str, DesaData]:
    """The stored profiles of the villages ``codes`` names, as
    :func:`~desmig_desktop.services.desa.get_desa_by_kode` gives them, with one query per
    table for all of them."""
    s = uow.session
    out: dict[str, DesaData] = {}
    by_id: dict[int, DesaData] = {}
    for part in _potong(sorted(set(codes))):
        for d in s.scalars(select(Desa).where(Desa.kode_wilayah.in_(part))):
            data = desa_data(d)
            out[d.kode_wilayah] = by_id[d.id] = data
    if not by_id:
        return out
    negara_nama = dict(s.execute(select(Negara.id, Negara.nama)).all())
    statistik: dict[int, StatistikData] = {}
    for part in _potong(sorted(by_id)):
        for p in s.scalars(
            select(PetugasDesa).where(PetugasDesa.desa_id.in_(part)).order_by(PetugasDesa.id)
        ):
            by_id[p.desa_id].petugas.append(petugas_data(p))
        for st in s.scalars(
            select(StatistikDesa)
            .where(StatistikDesa.desa_id.in_(part))
            .order_by(StatistikDesa.tahun)
        ):
            statistik[st.id] = statistik_data(st)
            by_id[st.desa_id].statistik.append(statistik[st.id])
        for a in s.scalars(
            select(AsetPilar)
            .where(AsetPilar.desa_id.in_(part))
            .order_by(AsetPilar.jenis, AsetPilar.id)
        ):
            by_id[a.desa_id].aset.append(aset_data(a))
    for part in _potong(sorted(statistik)):
        rows = s.execute(
            select(StatistikNegara.statistik_id, StatistikNegara.negara_id, StatistikNegara.jumlah)
            .where(StatistikNegara.statistik_id.in_(part))
            .order_by(StatistikNegara.statistik_id)
        ).all()
        per_stat: dict[int, list[tuple[int, int | None]]] = {}
        for sid, nid, jumlah in rows:
            per_stat.setdefault(sid, []).append((nid, jumlah))
        for sid, items in per_stat.items():
            items.sort(key=lambda item: (-(item[1] or 0), item[0]))
            statistik[sid].negara = {negara_nama[nid]: jumlah for nid, jumlah in items}
    return out


# --------------------------------------------------------------------------- the rules


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


# --------------------------------------------------------------------------- writing


class _Negara:
    """Destination countries by name; names not in the list yet are added to it, as
    ``services.desa`` does when a profile is saved (``urutan`` 100 + the largest id)."""

    def __init__(self, uow: UnitOfWork) -> None:
        rows = uow.session.execute(select(Negara.id, Negara.nama)).all()
        self.by_fold = {nama.casefold(): nid for nid, nama in rows}
        self.top = max((nid for nid, _ in rows), default=0)
        self.baru: list[tuple[int, str, int]] = []

    def ids(self, names: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        top = self.top
        for name in sorted(names):
            nid = self.by_fold.get(name.casefold())
            if nid is None:
                self.top += 1
                nid = self.by_fold[name.casefold()] = self.top
                self.baru.append((nid, name, 100 + top))
            found[name] = nid
        return found

    def simpan(self, uow: UnitOfWork) -> None:
        bulk.insert_rows(uow, Negara, ("id", "nama", "urutan"), self.baru)
        self.baru = []


def _baru(clean: DesaData, negara: dict[str, int]) -> bulk.DesaBaru:
    """A validated new profile as the rows ``services.desa.write_desa`` would store."""
    return bulk.DesaBaru(
        {
            "kode_wilayah": clean.kode_wilayah,
            "nama": clean.nama,
            "kecamatan": clean.kecamatan,
            "kabkota": clean.kabkota,
            "provinsi": clean.provinsi,
            "tahun_penetapan": clean.tahun_penetapan,
            "status": clean.status.value,
            "kepala_desa": clean.kepala_desa,
            "alamat_layanan": clean.alamat_layanan,
            "perdes_pmi": clean.perdes_pmi,
            "catatan": clean.catatan,
        },
        petugas=[
            {
                "nama": p.nama,
                "peran": p.peran.value,
                "telepon": p.telepon,
                "sk_nomor": p.sk_nomor,
                "sk_tanggal": p.sk_tanggal,
                "aktif": p.aktif,
            }
            for p in clean.petugas
        ],
        statistik=[
            bulk.StatistikBaru(
                {
                    "tahun": st.tahun,
                    "jumlah_penduduk": st.jumlah_penduduk,
                    "jumlah_kk": st.jumlah_kk,
                    "pmi_aktif_l": st.pmi_aktif_l,
                    "pmi_aktif_p": st.pmi_aktif_p,
                    "cpmi": st.cpmi,
                    "pmi_purna": st.pmi_purna,
                    "catatan": st.catatan,
                },
                {negara[n]: j for n, j in st.negara.items()},
            )
            for st in clean.statistik
        ],
        aset=[
            {
                "jenis": a.jenis.value,
                "nama": a.nama,
                "badan_hukum_nomor": a.badan_hukum_nomor,
                "badan_hukum_tanggal": a.badan_hukum_tanggal,
                "jumlah_anggota": a.jumlah_anggota,
                "modal": a.modal,
                "keterangan": a.keterangan,
            }
            for a in clean.aset
        ],
    )


def _selesai(uow: UnitOfWork, result: ImportResult) -> None:
    """The end of the import's write phase, inside its transaction, just before the commit.

    New villages were written in bulk (no ORM events, so no audit entry per row); the
    import as a whole is recorded here (audit trail: one entry per import).
    """
    catat_impor(
        uow,
        tabel="desa",
        judul=f"Impor desa dari {uow.session.info.get('impor_berkas') or 'buku kerja'}",
        jumlah=result.rows,
        berkas=uow.session.info.get("impor_berkas"),
        rincian={"desa_baru": result.created, "desa_diubah": result.updated},
    )


def import_desa(
    uow: UnitOfWork, rows: Sequence[DesaRow], progress: Progress | None = None
) -> ImportResult:
    """Write checked rows in one transaction and commit once.

    Anything raised (``ImportErrors`` from the profile rules, ``Cancelled``, a database
    error) rolls the session back: nothing is written.
    """
    progress = progress or NullProgress()
    mode_impor(uow)  # one audit entry for the whole import (_selesai), not one per row
    progress.set_total(len(rows), "Menyimpan data desa…")
    per_desa: dict[str, list[DesaRow]] = {}
    for row in rows:
        per_desa.setdefault(row.kode_wilayah, []).append(row)
    created = updated = 0
    errors: list[RowError] = []
    try:
        wilayah: _Wilayah = uow.session.info.get("impor_desa_wilayah") or _Wilayah(uow)
        stored = _tersimpan(uow, list(per_desa))
        negara = _Negara(uow)
        baru: list[tuple[DesaData, dict[str, int]]] = []
        diubah: list[DesaData] = []
        for kode, group in per_desa.items():
            before = stored.get(kode)
            if before is None:
                data = DesaData(kode_wilayah=kode, tahun_penetapan=group[0].tahun_penetapan)
                created += 1
            else:
                data = _salin(before)
                updated += 1
            for row in group:
                check(progress)
                _apply(data, row)
                progress.advance()
            try:
                clean = validate_profil(data, wilayah.cari(data.kode_wilayah))
            except ValidationError as exc:
                column = exc.field if exc.field in _HEADERS else None
                errors.append(RowError(group[0].baris, column, exc.message))
                continue
            ids = negara.ids({n for st in clean.statistik for n in st.negara})
            if before is None:
                baru.append((clean, ids))
            elif clean != before:
                diubah.append(clean)
        if errors:
            raise ImportErrors(errors)
        check(progress)
        negara.simpan(uow)
        for clean in diubah:  # a registered village the file changes: the service writes it
            write_desa(uow, clean)
        bulk.insert_desa(uow, [_baru(clean, ids) for clean, ids in baru])
        result = ImportResult(created=created, updated=updated, rows=len(rows))
        _selesai(uow, result)
        check(progress)
        uow.commit()
    except BaseException:
        uow.session.rollback()
        raise
    return result


def import_desa_file(
    db: Database, path: str | Path, progress: Progress | None = None
) -> ImportResult:
    """Read, check and import a villages workbook in its own unit of work."""
    with gc_ditunda(), UnitOfWork(db) as uow:
        uow.session.info["impor_berkas"] = Path(path).name
        rows = read_desa_workbook(path, uow, progress)
        try:
            return import_desa(uow, rows, progress)
        except ImportErrors as exc:
            if exc.berkas is None:  # the profile rules' refusals: name the file too
                raise ImportErrors(exc.errors, path) from None
            raise


def _salin(d: DesaData) -> DesaData:
    """A deep copy of a stored profile, to merge the file's rows into."""
    return DesaData(
        **{
            **d.__dict__,
            "petugas": [PetugasData(**p.__dict__) for p in d.petugas],
            "statistik": [
                StatistikData(**{**st.__dict__, "negara": dict(st.negara)}) for st in d.statistik
            ],
            "aset": [AsetData(**a.__dict__) for a in d.aset],
        }
    )


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

"""National scale: the bulk write paths, the synthetic generator and the calamine reader.

* ``services.bulk`` stores rows that mean exactly what the ORM paths of the services store
  (every column compared, through the services' own readers), with the public id, the
  money in hundredths and the timestamps filled in as a flush does, inside the caller's
  transaction (a rollback takes them away), and the database's constraints enforced;
* ``bench/generate.py`` builds a database of the requested size that passes the integrity
  and foreign-key checks and ``desmig check``;
* ``imports.workbook.read_sheet`` (python-calamine) reads what openpyxl read: formulas and
  Excel errors found in the sheet's XML (shared formulas, namespace prefixes, rows without
  ``r``), dates, whole numbers, damaged files refused naming the file.

Real SQLite files (the migrated template), no mocks, nothing timed.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sqlite3
import sys
import uuid
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desmig_desktop import cli
from desmig_desktop.db import models as m
from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import (
    JenisAset,
    JenisKelamin,
    KategoriPeserta,
    Kehadiran,
    PeranPetugas,
    Pilar,
    StatusDesa,
    StatusKegiatan,
    Triwulan,
)
from desmig_desktop.domain.lembar import Jenis, Kolom
from desmig_desktop.imports.workbook import (
    ImportErrors,
    NilaiSalah,
    read_sheet,
    sheet_names,
)
from desmig_desktop.services import bulk
from desmig_desktop.services.desa import (
    AsetData,
    DesaData,
    PetugasData,
    StatistikData,
    get_desa,
    save_desa,
)
from desmig_desktop.services.parenting import (
    PertemuanData,
    PesertaData,
    get_pertemuan,
    get_peserta,
    save_pertemuan,
    save_peserta,
    set_marks,
)
from desmig_desktop.services.pemeriksaan import periksa_berkas
from desmig_desktop.services.rencana import (
    KegiatanData,
    RealisasiData,
    create_tahun,
    get_kegiatan,
    get_realisasi,
    save_kegiatan,
    save_realisasi,
    set_pagu,
)
from desmig_desktop.services.uow import UnitOfWork
from tests.conftest import copy_db

BETAK, TUNGGANGRI, KALIBATUR = "35.04.14.2016", "35.04.14.2011", "35.04.14.2001"


def _uuid(text: str | None) -> bool:
    try:
        return str(uuid.UUID(str(text))) == text
    except ValueError:
        return False


def _raw(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


# --------------------------------------------------------------------------- villages


def _profil(kode: str) -> DesaData:
    return DesaData(
        kode_wilayah=kode,
        tahun_penetapan=2019,
        status=StatusDesa.NONAKTIF,
        kepala_desa="Suparno",
        alamat_layanan="Balai Desa",
        petugas=[
            PetugasData(
                "Siti Aminah", PeranPetugas.PETUGAS, "081234567890", "141/7", date(2019, 3, 4)
            ),
            PetugasData("Budi", PeranPetugas.PENDAMPING, aktif=False),
        ],
        statistik=[
            StatistikData(2023, 5150, 1600, 140, 298, 31, 104, {"Malaysia": 200, "Taiwan": 160}),
            StatistikData(
                2024, 5210, None, 150, 310, 25, 120, {"Malaysia": 218, "Hong Kong": None}
            ),
        ],
        aset=[AsetData(JenisAset.KOPERASI, "Koperasi Maju", modal=Decimal("12500000.50"))],
    )


def test_villages_in_bulk_mean_what_the_village_service_stores(db: Database) -> None:
    with UnitOfWork(db) as uow:
        orm_id = save_desa(uow, _profil(BETAK))
    with UnitOfWork(db) as uow:
        negara = dict(uow.session.execute(select(m.Negara.nama, m.Negara.id)).all())
        p = _profil(TUNGGANGRI)
        w = {"nama": "Tunggangri", "kecamatan": "Kalidawir", "kabkota": "Kabupaten Tulungagung"}
        (bulk_id,) = bulk.insert_desa(
            uow,
            [
                bulk.DesaBaru(
                    {
                        "kode_wilayah": p.kode_wilayah,
                        **w,
                        "provinsi": "Jawa Timur",
                        "tahun_penetapan": p.tahun_penetapan,
                        "status": p.status.value,
                        "kepala_desa": p.kepala_desa,
                        "alamat_layanan": p.alamat_layanan,
                    },
                    petugas=[
                        {
                            "nama": x.nama,
                            "peran": x.peran.value,
                            "telepon": x.telepon,
                            "sk_nomor": x.sk_nomor,
                            "sk_tanggal": x.sk_tanggal,
                            "aktif": x.aktif,
                        }
                        for x in p.petugas
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
                            },
                            {negara[n]: j for n, j in st.negara.items()},
                        )
                        for st in p.statistik
                    ],
                    aset=[
                        {"jenis": a.jenis.value, "nama": a.nama, "modal": a.modal} for a in p.aset
                    ],
                )
            ],
        )
        uow.commit()
    with UnitOfWork(db) as uow:
        orm, made = get_desa(uow, orm_id), get_desa(uow, bulk_id)

    def meaning(d: DesaData) -> DesaData:
        d.id = d.public_id = None
        d.kode_wilayah = d.nama = d.kecamatan = d.kabkota = d.provinsi = ""
        for part in (*d.petugas, *d.statistik, *d.aset):
            part.id = None
        return d

    assert made.public_id != orm.public_id and _uuid(made.public_id)
    assert made.aset[0].modal == Decimal("12500000.50")
    assert meaning(made) == meaning(orm)
    # the same storage, column by column (hundredths, dates, booleans, timestamps' form)
    rows = _raw(db, "SELECT modal, dibuat FROM aset_pilar ORDER BY id")
    assert [r[0] for r in rows] == [1250000050, 1250000050]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000", r[1]) for r in rows)
    kinds = _raw(db, "SELECT typeof(aktif), typeof(sk_tanggal), sk_tanggal FROM petugas_desa")
    assert kinds[0] == kinds[2] and kinds[0][2] == "2019-03-04"


# --------------------------------------------------------------------------- parenting


def test_participants_sessions_and_marks_in_bulk(db: Database) -> None:
    with UnitOfWork(db) as uow:
        desa_id = save_desa(uow, DesaData(kode_wilayah=TUNGGANGRI, tahun_penetapan=2018))
    data = PesertaData(
        desa_id, "Siti Aminah", JenisKelamin.P, KategoriPeserta.ANAK, date(2014, 3, 2)
    )
    with UnitOfWork(db) as uow:
        orm_p = save_peserta(uow, data)
        orm_s = save_pertemuan(uow, PertemuanData(desa_id, date(2024, 1, 20), "Topik A", "Puji"))
        set_marks(uow, [(orm_p, orm_s, Kehadiran.H)])
    with UnitOfWork(db) as uow:
        pids = bulk.insert_peserta(
            uow,
            [
                {
                    "desa_id": desa_id,
                    "nama": data.nama,
                    "jenis_kelamin": data.jenis_kelamin.value,
                    "kategori": data.kategori.value,
                    "tanggal_lahir": data.tanggal_lahir,
                }
            ]
            * 3,
        )
        sids = bulk.insert_pertemuan(
            uow,
            [
                {
                    "desa_id": desa_id,
                    "tanggal": date(2024, 2, d),
                    "topik": "Topik A",
                    "fasilitator": "Puji",
                }
                for d in (1, 2)
            ],
        )
        assert bulk.insert_kehadiran(uow, [(s, p, "H") for s in sids for p in pids]) == 6
        assert bulk.update_kehadiran(uow, [(sids[0], pids[0], "S")]) == 1
        assert bulk.existing_kehadiran(uow, sids)[(sids[0], pids[0])] == "S"
        uow.commit()
    with UnitOfWork(db) as uow:
        orm = get_peserta(uow, orm_p)
        orm.id = None
        for pid in pids:
            got = get_peserta(uow, pid)
            got.id = None
            assert got == orm
        s = get_pertemuan(uow, sids[1])
        assert (s.topik, s.fasilitator, s.tempat, s.catatan) == ("Topik A", "Puji", "", "")
        public = uow.session.scalars(select(m.Peserta.public_id)).all()
        assert len(set(public)) == len(public) == 4 and all(_uuid(x) for x in public)
        marks = uow.session.execute(select(m.KehadiranPeserta.status)).scalars().all()
        assert sorted(marks) == ["H"] * 6 + ["S"]


def test_a_rollback_takes_the_bulk_rows_away_and_constraints_hold(db: Database) -> None:
    with UnitOfWork(db) as uow:
        desa_id = save_desa(uow, DesaData(kode_wilayah=TUNGGANGRI, tahun_penetapan=2018))
    with UnitOfWork(db) as uow:
        bulk.insert_peserta(
            uow,
            [{"desa_id": desa_id, "nama": "X", "jenis_kelamin": "L", "kategori": "anak"}],
        )
        # no commit: the unit of work rolls back
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(func.count()).select_from(m.Peserta)) == 0
        with pytest.raises(IntegrityError, match="CHECK"):  # the vocabulary's CHECK
            bulk.insert_peserta(
                uow, [{"desa_id": desa_id, "nama": "X", "jenis_kelamin": "W", "kategori": "anak"}]
            )
    with UnitOfWork(db) as uow, pytest.raises(IntegrityError, match="FOREIGN KEY"):
        bulk.insert_kehadiran(uow, [(12345, 67890, "H")])
    with UnitOfWork(db) as uow, pytest.raises(ValueError, match="dua angka desimal"):
        create_tahun(uow, 2024)
        bulk.insert_pagu(uow, [(2024, "I", 1, Decimal("1.005"))])  # as the ORM refuses
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(func.count()).select_from(m.Pagu)) == 0


# --------------------------------------------------------------------------- budget


def test_activities_with_realisation_and_pagu_in_bulk(db: Database) -> None:
    with UnitOfWork(db) as uow:
        desa_id = save_desa(uow, DesaData(kode_wilayah=BETAK, tahun_penetapan=2018))
        create_tahun(uow, 2024)
        set_pagu(uow, 2024, Pilar.II, "APBN", Decimal("100000000"))
        sid = uow.session.scalar(select(m.SumberDana.id).where(m.SumberDana.nama == "APBN"))
    plan = KegiatanData(
        tahun=2024,
        pilar=Pilar.II,
        nama="Pelatihan usaha",
        volume=Decimal("2.5"),
        satuan="orang",
        triwulan=Triwulan.II,
        anggaran=Decimal("1250000.50"),
        sumber_dana="APBN",
        kode="2024-II-001",
        kode_wilayah=BETAK,
        bulan=5,
        penanggung_jawab="Rina",
    )
    with UnitOfWork(db) as uow:
        orm_id = save_kegiatan(uow, plan)
        tw2 = RealisasiData(
            Triwulan.II, Decimal("600000.25"), Decimal("1"), StatusKegiatan.BERJALAN, "x"
        )
        save_realisasi(uow, orm_id, tw2)
    with UnitOfWork(db) as uow:
        (kid,) = bulk.insert_kegiatan(
            uow,
            [
                bulk.KegiatanBaru(
                    {
                        "kode": "2024-II-002",
                        "tahun": 2024,
                        "pilar": "II",
                        "desa_id": desa_id,
                        "nama": plan.nama,
                        "volume": plan.volume,
                        "satuan": plan.satuan,
                        "triwulan": "2",
                        "bulan": 5,
                        "anggaran": plan.anggaran,
                        "sumber_dana_id": sid,
                        "penanggung_jawab": "Rina",
                    },
                    [
                        {
                            "triwulan": "2",
                            "jumlah": Decimal("600000.25"),
                            "volume": Decimal("1"),
                            "status": "berjalan",
                            "keterangan": "x",
                        }
                    ],
                )
            ],
        )
        bulk.insert_pagu(uow, [(2024, "I", sid, Decimal("5000000.75"))])
        uow.commit()
    with UnitOfWork(db) as uow:
        orm, made = get_kegiatan(uow, orm_id), get_kegiatan(uow, kid)
        assert made.kode == "2024-II-002" and made.anggaran == Decimal("1250000.50")
        orm.kode = made.kode = None
        orm.id = made.id = None
        assert made == orm
        assert get_realisasi(uow, kid) == get_realisasi(uow, orm_id)
        pagu = uow.session.scalar(select(m.Pagu.jumlah).where(m.Pagu.pilar == "I"))
        assert pagu == Decimal("5000000.75")
    assert _raw(db, "SELECT anggaran, volume FROM kegiatan ORDER BY id") == [(125000050, 250)] * 2
    assert _raw(db, "SELECT melebihi_rencana FROM realisasi") == [(0,), (0,)]


def test_update_rows_sets_diubah_as_the_orm_does(db: Database) -> None:
    with UnitOfWork(db) as uow:
        desa_id = save_desa(uow, DesaData(kode_wilayah=BETAK, tahun_penetapan=2018))
        sid = save_pertemuan(uow, PertemuanData(desa_id, date(2024, 1, 20), "Topik"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE pertemuan SET diubah = '2020-01-01 00:00:00.000000'")
    with UnitOfWork(db) as uow:
        bulk.update_rows(uow, m.Pertemuan, ("id",), ("fasilitator",), [(sid, "Rina")])
        uow.commit()
    with UnitOfWork(db) as uow:
        row = uow.session.get(m.Pertemuan, sid)
        assert row is not None and row.fasilitator == "Rina"
        assert row.diubah.year == datetime.now().year


# --------------------------------------------------------------------------- the generator


def _generator() -> Any:
    path = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_the_generator_makes_the_requested_database(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_db(template_db, tmp_path / "nasional.db")
    counts = _generator().generate(
        path, villages=20, participants=600, attendance=5000, activities=300, seed=3
    )
    assert (counts["desa"], counts["peserta"], counts["kehadiran"], counts["kegiatan"]) == (
        20,
        600,
        5000,
        300,
    )
    assert counts["tahun_anggaran"] == 4 and counts["pagu"] > 0 and counts["pertemuan"] > 0
    hasil = periksa_berkas(path)
    assert hasil.baik, hasil.masalah
    assert cli.main(["--db", str(path), "check"]) == 0
    assert "basis data baik" in capsys.readouterr().out

    con = sqlite3.connect(path)
    try:
        q = con.execute

        def one(sql: str) -> Any:
            return q(sql).fetchone()[0]

        assert one("SELECT count(*) FROM desa") == 20
        # real region codes at village level, names as the region list has them
        assert (
            one(
                "SELECT count(*) FROM desa d JOIN wilayah w ON w.kode = d.kode_wilayah "
                "AND w.tingkat = 4 AND w.nama = d.nama"
            )
            == 20
        )
        assert one("SELECT count(DISTINCT substr(kode_wilayah, 1, 2)) FROM desa") >= 5
        sizes = [n for (n,) in q("SELECT count(*) FROM peserta GROUP BY desa_id ORDER BY 1")]
        assert sum(sizes) == 600 and sizes[-1] >= 3 * sizes[0]  # skewed: a few big villages
        assert [y for (y,) in q("SELECT tahun FROM tahun_anggaran ORDER BY 1")] == list(
            range(date.today().year - 3, date.today().year + 1)
        )
        # the budget rules hold: pagu above what is planned, flags where realisation is over
        over_pagu = one(
            "SELECT count(*) FROM (SELECT k.tahun, k.pilar, k.sumber_dana_id, sum(k.anggaran) s"
            " FROM kegiatan k GROUP BY 1, 2, 3) x LEFT JOIN pagu p ON p.tahun = x.tahun"
            " AND p.pilar = x.pilar AND p.sumber_dana_id = x.sumber_dana_id"
            " WHERE p.jumlah IS NULL OR p.jumlah < x.s"
        )
        assert over_pagu == 0
        wrong_flags = one(
            "SELECT count(*) FROM realisasi r JOIN kegiatan k ON k.id = r.kegiatan_id"
            " WHERE r.melebihi_rencana != ((SELECT sum(jumlah) FROM realisasi"
            " WHERE kegiatan_id = k.id) > k.anggaran)"
        )
        assert wrong_flags == 0
        # attendance: mostly H, a participant only in sessions of its own village, no future
        statuses = dict(q("SELECT status, count(*) FROM kehadiran GROUP BY 1").fetchall())
        assert statuses["H"] > 0.7 * 5000 and set(statuses) <= {"H", "I", "S", "A"}
        assert (
            one(
                "SELECT count(*) FROM kehadiran k JOIN peserta p ON p.id = k.peserta_id"
                " JOIN pertemuan s ON s.id = k.pertemuan_id WHERE p.desa_id != s.desa_id"
            )
            == 0
        )
        assert one("SELECT max(tanggal) FROM pertemuan") <= date.today().isoformat()
        for table in ("desa", "peserta", "pertemuan", "kegiatan", "realisasi", "petugas_desa"):
            total, distinct = q(
                f"SELECT count(*), count(DISTINCT public_id) FROM {table}"
            ).fetchone()
            assert total == distinct and one(f"SELECT min(length(public_id)) FROM {table}") == 36
        assert one("SELECT count(*) FROM identitas_kantor") == 1
    finally:
        con.close()
    with pytest.raises(ValueError, match="already holds villages"):
        _generator().generate(path, villages=1, participants=0, attendance=0, activities=0)


# --------------------------------------------------------------------------- the reader

TOPIK = Kolom("Topik", Jenis.TEKS, True)
TANGGAL = Kolom("Tanggal", Jenis.TANGGAL, True)
JUMLAH = Kolom("Jumlah", Jenis.BULAT)


def _xlsx(path: Path, rows: list[list[object]], *, sheet: str = "Data") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _ganti(path: Path, member: str, xml: bytes | None = None, **replace: bytes) -> Path:
    """Rewrite one part of a workbook: a new content, or byte replacements."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    data = parts[member] if xml is None else xml
    for old, new in replace.items():
        data = data.replace(old.encode(), new)
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def _values(path: Path, columns: tuple[Kolom, ...] = (TOPIK, TANGGAL, JUMLAH)) -> list[Any]:
    sheet = read_sheet(path, "data", columns)
    return [
        (n, *((v.message if isinstance(v, NilaiSalah) else v) for v in raw.values()))
        for n, raw in sheet
    ]


_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{}</sheetData></worksheet>"
)


def _sheet_xml(rows: str, prefix: str = "") -> bytes:
    xml = _SHEET.format(rows)
    if prefix:  # every element in a prefixed namespace, as some writers do
        xml = re.sub(r"<(/?)(\w+)", rf"<\1{prefix}:\2", xml).replace("xmlns=", f"xmlns:{prefix}=")
    return xml.encode()


def _header() -> str:
    return (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Topik</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Tanggal</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Jumlah</t></is></c></row>'
    )


def test_values_come_back_as_openpyxl_gave_them(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "nilai.xlsx",
        [
            ["Topik", "Tanggal", "Jumlah", "Lain"],
            ["  Pola Asuh  ", datetime(2024, 5, 20), 12.0, "x"],
            [None, None, None, "only an undeclared cell"],
            ["Gizi", date(2024, 6, 1), 3, None],
            [12.5, "2024-06-02", "   ", None],
        ],
        sheet="DATA",
    )
    sheet = read_sheet(path, "data", (TOPIK, TANGGAL, JUMLAH))
    assert sheet.nama == "DATA" and [n for n, _ in sheet] == [2, 4, 5]
    rows = [list(raw.values()) for _, raw in sheet]
    assert rows[0] == ["  Pola Asuh  ", datetime(2024, 5, 20), 12]
    assert type(rows[0][2]) is int and type(rows[1][1]) is datetime
    assert rows[2] == [12.5, "2024-06-02", "   "]
    assert sheet_names(path) == ["DATA"]


def test_formulas_and_errors_are_found_in_the_sheet_xml(tmp_path: Path) -> None:
    rows = _header() + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c>'
        '<c r="B2" t="e"><v>#N/A</v></c>'
        '<c r="C2"><f t="shared" ref="C2:C3" si="0">D2*2</f><v></v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c>'
        '<c r="C3"><f t="shared" si="0"/></c></row>'
        '<row r="7"><c r="C7"><f>SUM(C2:C3)</f></c></row>'
    )
    for prefix in ("", "x"):
        path = _xlsx(tmp_path / f"rumus{prefix}.xlsx", [["placeholder"]])
        _ganti(path, "xl/worksheets/sheet1.xml", _sheet_xml(rows, prefix))
        never_calculated = 'sel berisi rumus tanpa nilai ("={}"): buku kerja belum pernah dihitung.'
        got = _values(path)
        assert [r[0] for r in got] == [2, 3, 7]  # row 7: a formula beyond the values
        assert got[0][2] == "sel berisi galat Excel #N/A; perbaiki rumus atau isinya."
        assert got[0][3].startswith(never_calculated.format("D2*2"))
        assert got[1][3].startswith(never_calculated.format("D3*2"))  # translated
        assert got[2][3].startswith(never_calculated.format("SUM(C2:C3)"))
    # calculated by Excel: the values; an empty result reads as empty
    calc = rows.replace("<v></v>", "<v>84</v>")
    path = _ganti(
        _xlsx(tmp_path / "dihitung.xlsx", [["x"]]), "xl/worksheets/sheet1.xml", _sheet_xml(calc)
    )
    assert [(r[0], r[3]) for r in _values(path)] == [(2, 84), (3, None)]


def test_rows_and_cells_without_their_number_and_a_formula_header(tmp_path: Path) -> None:
    rows = (
        '<row><c t="inlineStr"><is><t>Topik</t></is></c><c><f>"Tanggal"</f><v>Tanggal</v></c>'
        '<c t="inlineStr"><is><t>Jumlah</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>A</t></is></c><c t="inlineStr"><is><t>01/02/2024</t></is></c>'
        "<c><v>5</v></c></row>"
    )
    path = _xlsx(tmp_path / "tanpa_r.xlsx", [["x"]])
    _ganti(path, "xl/worksheets/sheet1.xml", _sheet_xml(rows))
    # a formula in the header is no column name (as openpyxl read it): Tanggal is missing
    with pytest.raises(ImportErrors, match='Kolom wajib "Tanggal" tidak ada'):
        _values(path)
    assert _values(path, (TOPIK, JUMLAH)) == [(2, "A", 5)]


@pytest.mark.parametrize(
    "damage",
    ["theme", "declaration", "infinite", "not a workbook", "truncated"],
)
def test_damaged_files_are_refused_naming_the_file(tmp_path: Path, damage: str) -> None:
    path = _xlsx(tmp_path / "rusak.xlsx", [["Topik", "Tanggal", "C"], ["A", "01/02/2024"]])
    if damage == "theme":  # a part the sheet does not need, with a bad CRC
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/theme/theme1.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
        data[start] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "declaration":
        _ganti(path, "xl/worksheets/sheet1.xml", **{"<t>A</t>": b'<t>A<?xml version="1.0"?></t>'})
    elif damage == "infinite":
        _ganti(
            path,
            "xl/worksheets/sheet1.xml",
            **{"</row></sheetData>": b'<c r="C2"><v>inf</v></c></row></sheetData>'},
        )
    elif damage == "not a workbook":  # a zip, but no Excel workbook inside
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("content.xml", "<office:document/>")
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        path.write_bytes(buf.getvalue())
    else:
        path.write_bytes(path.read_bytes()[:-200])
    columns = (TOPIK, TANGGAL, Kolom("C", Jenis.TEKS))
    with pytest.raises(ImportErrors) as info:
        read_sheet(path, "data", columns)
    assert [str(e) for e in info.value.errors] == [
        'Berkas "rusak.xlsx" tidak dapat dibaca sebagai buku kerja Excel (.xlsx): berkas '
        "rusak atau bukan format xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx."
    ]
    assert "rusak.xlsx" in str(info.value)


def test_a_workbook_with_a_chart_sheet_is_read(tmp_path: Path) -> None:
    """openpyxl could not open a workbook with a chart sheet (a bug of its reader); calamine
    reads the data sheet, and a chart sheet is no sheet to import from."""
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Data"
    for r in (["Topik", "Tanggal", "Jumlah"], ["A", "01/02/2024", 3], ["B", "02/02/2024", 4]):
        ws.append(r)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    wb.create_chartsheet("Grafik").add_chart(chart)
    path = tmp_path / "grafik.xlsx"
    wb.save(path)
    assert _values(path) == [(2, "A", "01/02/2024", 3), (3, "B", "02/02/2024", 4)]
    assert sheet_names(path) == ["Data", "Grafik"]
    with pytest.raises(ImportErrors, match='lembar yang ada: "Data", "Grafik"'):
        read_sheet(path, "Grafik", (TOPIK,))

"""Import of the attendance workbook (sheet ``Kehadiran``): every row checked, all or nothing.

Workbooks are built here with openpyxl; the villages are real Kalidawir (Tulungagung)
codes registered in a real migrated SQLite database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, KehadiranPeserta, Pertemuan, Peserta
from desmig_desktop.domain.enums import JenisKelamin, KategoriPeserta, Kehadiran
from desmig_desktop.domain.lembar import KOLOM_KEHADIRAN, SHEET_KEHADIRAN
from desmig_desktop.domain.progress import Cancelled, NullProgress
from desmig_desktop.imports.kehadiran import parse_kategori, parse_status
from desmig_desktop.imports.workbook import ImportErrors
from desmig_desktop.services.desa import DesaData, save_desa
from desmig_desktop.services.ekspor_parenting import export_rekap_kehadiran
from desmig_desktop.services.impor_kehadiran import (
    ImportResult,
    import_kehadiran_file,
    read_kehadiran_workbook,
)
from desmig_desktop.services.parenting import (
    PesertaData,
    kisi,
    list_pertemuan,
    list_peserta,
    save_peserta,
)
from desmig_desktop.services.uow import UnitOfWork

HEADERS = [k.header for k in KOLOM_KEHADIRAN]
TUNGGANGRI = "35.04.14.2011"
BETAK = "35.04.14.2016"
TIDAK_TERDAFTAR = "35.04.14.2001"  # Kalibatur: a real village, not registered here


def write_xlsx(path: Path, rows: Iterable[Mapping[str, object]], sheet: str = "Kehadiran") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(HEADERS)
    for r in rows:
        ws.append([r.get(h) for h in HEADERS])
    wb.save(path)
    return path


def baris(**cells: object) -> dict[str, object]:
    """A row by header (underscores for spaces), filled with a valid default row."""
    base: dict[str, object] = {
        "Kode Wilayah": TUNGGANGRI,
        "Tanggal": "20/01/2024",
        "Topik": "Sosialisasi Modul Community Parenting",
        "Fasilitator": "Puji Lestari",
        "Nama Peserta": "Siti Aminah",
        "Jenis Kelamin": "P",
        "Tanggal Lahir": "2014-03-02",
        "Kategori": "Anak",
        "Status": "H",
    }
    names = {h.replace(" ", "_"): h for h in HEADERS}
    base.update({names[k]: v for k, v in cells.items()})
    return base


GOOD = [
    baris(),
    baris(Nama_Peserta="Budi Santoso", Jenis_Kelamin="L", Tanggal_Lahir="12/07/2012", Status="I"),
    baris(
        Nama_Peserta="Sulastri",
        Tanggal_Lahir=None,
        Kategori="Orang Tua",
        Status="Hadir",
    ),
    baris(
        Nama_Peserta="Karto",
        Jenis_Kelamin="L",
        Tanggal_Lahir=datetime(1958, 5, 1),
        Kategori="orang tua",
        Status="s",
    ),
    baris(Nama_Peserta="Mbah Ginah", Tanggal_Lahir=None, Kategori="Pengasuh", Status="Alpa"),
    baris(
        Tanggal=datetime(2024, 2, 17),
        Topik="Pola Asuh Anak Usia Dini",
        Fasilitator=None,
    ),
    baris(
        Tanggal="2024-02-17",
        Topik="pola asuh  anak usia dini",
        Fasilitator="Puji Lestari",
        Nama_Peserta="budi  santoso",
        Jenis_Kelamin="L",
        Tanggal_Lahir="12/07/2012",
    ),
    baris(
        Kode_Wilayah=BETAK,
        Nama_Peserta="Siti Aminah",
        Tanggal_Lahir="2015-01-09",
        Fasilitator="Rina",
    ),
]


@pytest.fixture
def desa_db(db: Database) -> Database:
    with UnitOfWork(db) as uow:
        save_desa(uow, DesaData(kode_wilayah=TUNGGANGRI, tahun_penetapan=2018))
        save_desa(uow, DesaData(kode_wilayah=BETAK, tahun_penetapan=2019))
    return db


def counts(db: Database) -> tuple[int, int, int, list[tuple[int, int, str]]]:
    with UnitOfWork(db) as uow:
        s = uow.session
        marks = sorted(
            (sid, pid, status)
            for sid, pid, status in s.execute(
                select(
                    KehadiranPeserta.pertemuan_id,
                    KehadiranPeserta.peserta_id,
                    KehadiranPeserta.status,
                )
            )
        )
        return (
            s.scalar(select(func.count()).select_from(Pertemuan)) or 0,
            s.scalar(select(func.count()).select_from(Peserta)) or 0,
            len(marks),
            marks,
        )


def refused(db: Database, path: Path) -> ImportErrors:
    before = counts(db)
    with pytest.raises(ImportErrors) as info:
        import_kehadiran_file(db, path)
    assert counts(db) == before, "a refused import must write nothing"
    return info.value


# --------------------------------------------------------------------------- cells


def test_status_and_category_words() -> None:
    assert parse_status("h") is Kehadiran.H
    assert parse_status(" Sakit ") is Kehadiran.S
    assert parse_status("Alpha") is Kehadiran.A
    assert parse_kategori("Orang Tua", JenisKelamin.L) is KategoriPeserta.AYAH
    assert parse_kategori("orangtua", JenisKelamin.P) is KategoriPeserta.IBU
    assert parse_kategori("Pengasuh", JenisKelamin.P) is KategoriPeserta.WALI
    for own in KategoriPeserta:  # the app's own labels import back
        assert parse_kategori(own.label, JenisKelamin.P) is own


# --------------------------------------------------------------------------- the good path


def test_good_workbook_creates_sessions_participants_and_marks(
    desa_db: Database, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "hadir.xlsx", GOOD)
    result = import_kehadiran_file(desa_db, path)
    assert result == ImportResult(
        pertemuan_baru=3, peserta_baru=6, tanda_baru=8, tanda_diubah=0, baris=8
    )
    assert "3 pertemuan baru" in result.ringkasan
    with UnitOfWork(desa_db) as uow:
        desa_id = uow.session.scalar(select(Peserta.desa_id).where(Peserta.nama == "Karto"))
        assert desa_id is not None
        sesi = list_pertemuan(uow, desa_id)
        assert [(s.tanggal, s.topik, s.fasilitator) for s in sesi] == [
            (date(2024, 1, 20), "Sosialisasi Modul Community Parenting", "Puji Lestari"),
            (date(2024, 2, 17), "Pola Asuh Anak Usia Dini", "Puji Lestari"),
        ]
        peserta = {p.nama: p for p in list_peserta(uow, desa_id)}
        assert set(peserta) == {"Siti Aminah", "Budi Santoso", "Sulastri", "Karto", "Mbah Ginah"}
        assert peserta["Sulastri"].kategori is KategoriPeserta.IBU
        assert peserta["Karto"].kategori is KategoriPeserta.AYAH
        assert peserta["Karto"].tanggal_lahir == date(1958, 5, 1)
        assert peserta["Mbah Ginah"].kategori is KategoriPeserta.WALI
        assert peserta["Mbah Ginah"].tanggal_lahir is None
        grid = kisi(uow, desa_id)
        total = grid.rekap_total()
        assert (total.h, total.i, total.s, total.a) == (4, 1, 1, 1)
        budi = peserta["Budi Santoso"].id
        assert budi is not None
        assert grid.marks[(budi, sesi[1].id or 0)] is Kehadiran.H


def test_reimport_changes_nothing_and_a_changed_status_is_counted(
    desa_db: Database, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "hadir.xlsx", GOOD)
    import_kehadiran_file(desa_db, path)
    before = counts(desa_db)
    again = import_kehadiran_file(desa_db, path)
    assert again == ImportResult(0, 0, 0, 0, 8)
    assert counts(desa_db) == before

    changed = [*GOOD[:-1], {**GOOD[-1], "Status": "S"}]
    result = import_kehadiran_file(desa_db, write_xlsx(tmp_path / "ubah.xlsx", changed))
    assert (result.pertemuan_baru, result.peserta_baru, result.tanda_baru) == (0, 0, 0)
    assert result.tanda_diubah == 1


def test_name_without_birth_date_matches_the_only_participant(
    desa_db: Database, tmp_path: Path
) -> None:
    import_kehadiran_file(desa_db, write_xlsx(tmp_path / "a.xlsx", GOOD[:1]))
    rows = [baris(Tanggal="17/02/2024", Nama_Peserta="  SITI   aminah ", Tanggal_Lahir=None)]
    result = import_kehadiran_file(desa_db, write_xlsx(tmp_path / "b.xlsx", rows))
    assert (result.peserta_baru, result.tanda_baru) == (0, 1)


def test_same_participant_with_and_without_birth_date_in_one_file(
    desa_db: Database, tmp_path: Path
) -> None:
    rows = [
        baris(Tanggal_Lahir=None, Tanggal="17/02/2024"),
        baris(),  # names the birth date: the row above means the same participant
    ]
    result = import_kehadiran_file(desa_db, write_xlsx(tmp_path / "a.xlsx", rows))
    assert (result.peserta_baru, result.tanda_baru) == (1, 2)


# --------------------------------------------------------------------------- bad rows


BAD_ROWS = [
    pytest.param(baris(Status="X"), "Status", '"X" tidak dikenal', id="status"),
    pytest.param(baris(Jenis_Kelamin="W"), "Jenis Kelamin", "L (laki-laki)", id="sex"),
    pytest.param(baris(Tanggal="31/02/2024"), "Tanggal", "tidak ada di kalender", id="date"),
    pytest.param(
        baris(Tanggal_Lahir=(date.today() + timedelta(days=30)).isoformat()),
        "Tanggal Lahir",
        "belum tiba",
        id="future-birth",
    ),
    pytest.param(baris(Topik="   "), "Topik", "Topik wajib diisi", id="no-topic"),
    pytest.param(baris(Kategori="Tetangga"), "Kategori", "Orang Tua", id="category"),
    pytest.param(baris(Kode_Wilayah=3504142011), "Kode Wilayah", "teks bertitik", id="code"),
    pytest.param(
        baris(Tanggal=(date.today() + timedelta(days=7)).isoformat()),
        "Tanggal",
        "belum tiba",
        id="future-session",
    ),
    pytest.param(
        baris(Tanggal_Lahir="2024-05-01"), "Tanggal Lahir", "sesudah tanggal", id="born-after"
    ),
    pytest.param(baris(Nama_Peserta="x" * 121), "Nama Peserta", "terlalu panjang", id="long"),
]


@pytest.mark.parametrize(("bad", "column", "words"), BAD_ROWS)
def test_each_bad_row_is_named_and_nothing_is_written(
    desa_db: Database, tmp_path: Path, bad: dict[str, object], column: str, words: str
) -> None:
    path = write_xlsx(tmp_path / "salah.xlsx", [*GOOD, bad])
    exc = refused(desa_db, path)
    assert [(e.row, e.column) for e in exc.errors] == [(len(GOOD) + 2, column)]
    assert words in exc.errors[0].message
    line = f'Baris {len(GOOD) + 2}, kolom "{column}": '
    assert line in str(exc)
    assert "salah.xlsx" in str(exc) and "tidak ada data yang disimpan" in str(exc)


def test_village_not_registered(desa_db: Database, tmp_path: Path) -> None:
    rows = [*GOOD, baris(Kode_Wilayah=TIDAK_TERDAFTAR)]
    exc = refused(desa_db, write_xlsx(tmp_path / "desa.xlsx", rows))
    assert [(e.row, e.column) for e in exc.errors] == [(len(GOOD) + 2, "Kode Wilayah")]
    assert "belum terdaftar" in exc.errors[0].message
    assert TIDAK_TERDAFTAR in exc.errors[0].message


def test_same_participant_twice_with_different_status_names_both_rows(
    desa_db: Database, tmp_path: Path
) -> None:
    rows = [*GOOD, baris(Nama_Peserta="SITI AMINAH", Status="A")]
    exc = refused(desa_db, write_xlsx(tmp_path / "ganda.xlsx", rows))
    assert len(exc.errors) == 1
    err = exc.errors[0]
    assert (err.row, err.column) == (len(GOOD) + 2, "Status")
    assert "baris 2" in err.message and f"baris {len(GOOD) + 2}" in err.message


def test_same_participant_twice_with_the_same_status_is_one_mark(
    desa_db: Database, tmp_path: Path
) -> None:
    rows = [*GOOD, baris(Nama_Peserta="SITI AMINAH")]
    result = import_kehadiran_file(desa_db, write_xlsx(tmp_path / "ganda.xlsx", rows))
    assert (result.tanda_baru, result.baris) == (8, 9)


def test_twice_after_resolving_by_name_alone(desa_db: Database, tmp_path: Path) -> None:
    rows = [baris(), baris(Tanggal_Lahir=None, Status="I")]
    exc = refused(desa_db, write_xlsx(tmp_path / "ganda.xlsx", rows))
    assert [(e.row, e.column) for e in exc.errors] == [(3, "Status")]
    assert "baris 2 dan baris 3" in exc.errors[0].message


def test_ambiguous_name_asks_for_the_birth_date(desa_db: Database, tmp_path: Path) -> None:
    with UnitOfWork(desa_db) as uow:
        desa_id = uow.session.scalar(select(Desa.id).where(Desa.kode_wilayah == TUNGGANGRI))
        assert desa_id is not None
        for lahir in (date(2013, 1, 1), date(2016, 6, 6)):
            save_peserta(
                uow,
                PesertaData(desa_id, "Siti Aminah", JenisKelamin.P, KategoriPeserta.ANAK, lahir),
            )
    rows = [baris(Tanggal_Lahir="06/06/2016"), baris(Tanggal_Lahir=None, Topik="Lain")]
    exc = refused(desa_db, write_xlsx(tmp_path / "ambigu.xlsx", rows))
    assert [(e.row, e.column) for e in exc.errors] == [(3, "Tanggal Lahir")]
    assert "ada 2 peserta" in exc.errors[0].message and "isi Tanggal Lahir" in str(exc)

    ok = import_kehadiran_file(desa_db, write_xlsx(tmp_path / "ok.xlsx", rows[:1]))
    assert (ok.peserta_baru, ok.tanda_baru) == (0, 1)


def test_conflicting_rows_of_one_session_or_participant(desa_db: Database, tmp_path: Path) -> None:
    rows = [
        baris(),
        baris(Nama_Peserta="Budi", Jenis_Kelamin="L", Fasilitator="Orang Lain"),
        baris(Tanggal="17/02/2024", Jenis_Kelamin="L"),
    ]
    exc = refused(desa_db, write_xlsx(tmp_path / "beda.xlsx", rows))
    assert [(e.row, e.column) for e in exc.errors] == [(3, "Fasilitator"), (4, "Jenis Kelamin")]


def test_every_error_of_the_file_is_reported_at_once(desa_db: Database, tmp_path: Path) -> None:
    rows = [
        baris(Status="X", Jenis_Kelamin="?"),
        baris(Tanggal="31/02/2024"),
        baris(Kode_Wilayah=TIDAK_TERDAFTAR),
    ]
    exc = refused(desa_db, write_xlsx(tmp_path / "banyak.xlsx", rows))
    # what the file refuses and what the database refuses, in one report
    assert [(e.row, e.column) for e in exc.errors] == [
        (2, "Jenis Kelamin"),
        (2, "Status"),
        (3, "Tanggal"),
        (4, "Kode Wilayah"),
    ]


def test_missing_sheet_or_column(desa_db: Database, tmp_path: Path) -> None:
    exc = refused(desa_db, write_xlsx(tmp_path / "lembar.xlsx", GOOD, sheet="Hadir"))
    assert 'Lembar "Kehadiran" tidak ditemukan' in str(exc)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_KEHADIRAN
    ws.append([h for h in HEADERS if h != "Status"])
    ws.append(["x"] * (len(HEADERS) - 1))
    wb.save(tmp_path / "kolom.xlsx")
    exc = refused(desa_db, tmp_path / "kolom.xlsx")
    assert 'Kolom wajib "Status"' in str(exc)


def test_cancel_writes_nothing(desa_db: Database, tmp_path: Path) -> None:
    class Batal(NullProgress):
        def __init__(self) -> None:
            self.calls = 0

        def cancelled(self) -> bool:
            self.calls += 1
            return self.calls > 12

    before = counts(desa_db)
    path = write_xlsx(tmp_path / "hadir.xlsx", GOOD)
    assert len(read_kehadiran_workbook(path)) == len(GOOD)
    with pytest.raises(Cancelled):
        import_kehadiran_file(desa_db, path, Batal())
    assert counts(desa_db) == before


# --------------------------------------------------------------------------- round trip


def test_recap_workbook_imports_back(demo_db: Database, db: Database, tmp_path: Path) -> None:
    """The recap's Kehadiran sheet: into the same database nothing changes; into an empty
    one (the village registered) it rebuilds the same sessions and marks."""
    rekap = tmp_path / "rekap.xlsx"
    export_rekap_kehadiran(demo_db, TUNGGANGRI, xlsx=rekap, paper="A4")
    before = counts(demo_db)
    same = import_kehadiran_file(demo_db, rekap)
    assert same.baris > 0
    assert same == ImportResult(0, 0, 0, 0, same.baris)
    assert counts(demo_db) == before

    with UnitOfWork(db) as uow:
        save_desa(uow, DesaData(kode_wilayah=TUNGGANGRI, tahun_penetapan=2018))
    fresh = import_kehadiran_file(db, rekap)
    assert fresh.tanda_baru == same.baris
    again = tmp_path / "lagi.xlsx"
    export_rekap_kehadiran(db, TUNGGANGRI, xlsx=again, paper="A4")

    def sheet(path: Path) -> list[tuple[object, ...]]:
        wb = load_workbook(path, read_only=True)
        try:
            return list(wb[SHEET_KEHADIRAN].iter_rows(values_only=True))
        finally:
            wb.close()

    assert sorted(sheet(again)[1:], key=str) == sorted(sheet(rekap)[1:], key=str)
    assert sheet(again)[0] == tuple(HEADERS)

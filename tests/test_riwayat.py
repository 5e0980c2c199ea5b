"""The audit trail: who changed which record, when, and how (issue #8).

Every insert, update and delete made through the services lands in ``riwayat`` in the
same transaction, names the user from Pengaturan (or the operating-system user), keeps
old and new values of the changed fields only, masks a NIK, and shows up in the history
of the record and of its owner. Rolled-back work leaves no entry.
"""

from __future__ import annotations

import getpass
import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desmig_desktop.domain.enums import (
    JenisKelamin,
    KategoriPeserta,
    Kehadiran,
    Pilar,
    StatusKegiatan,
    Triwulan,
)
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.services.desa import (
    DesaData,
    PetugasData,
    delete_desa,
    get_desa,
    save_desa,
)
from desmig_desktop.services.parenting import (
    PertemuanData,
    PesertaData,
    save_pertemuan,
    save_peserta,
    set_marks,
)
from desmig_desktop.services.rencana import (
    KegiatanData,
    RealisasiData,
    create_tahun,
    save_kegiatan,
    save_realisasi,
    set_pagu,
)
from desmig_desktop.services.riwayat import (
    FilterRiwayat,
    cari_riwayat,
    daftar_pengguna,
    hitung_riwayat,
    riwayat_untuk,
    semua_riwayat,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings


def entries(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT aksi, tabel, pengguna, label FROM riwayat ORDER BY id"
        ).fetchall()


@pytest.fixture
def pengguna() -> str:
    settings = Settings()
    settings.set("nama_pengguna", "Siti Operator")
    settings.save()
    return "Siti Operator"


@pytest.fixture
def desa_id(db, pengguna) -> int:
    with UnitOfWork(db) as uow:
        return save_desa(
            uow,
            DesaData(
                kode_wilayah="35.04.14.2016",
                tahun_penetapan=2018,
                kepala_desa="Mujiono",
                petugas=[PetugasData(nama="Rina Wati", telepon="081234567890")],
            ),
        )


def test_new_village_is_recorded_with_user_and_values(db, desa_id, pengguna) -> None:
    with UnitOfWork(db) as uow:
        history = riwayat_untuk(uow, "desa", desa_id)
    by_table = {e.tabel: e for e in history}
    assert set(by_table) == {"desa", "petugas_desa"}  # the officer shows in the village's history
    desa = by_table["desa"]
    assert desa.aksi == "tambah" and desa.aksi_label == "Tambah"
    assert desa.pengguna == pengguna
    assert desa.label == "Betak (35.04.14.2016)"
    changes = {p.kolom: (p.lama, p.baru) for p in desa.perubahan}
    assert changes["kepala_desa"] == (None, "Mujiono")
    assert changes["tahun_penetapan"] == (None, 2018)
    assert "public_id" not in changes and "diubah" not in changes
    assert "Kepala desa: Mujiono" in desa.baris_perubahan()
    assert by_table["petugas_desa"].label.startswith("Rina Wati")


def test_edit_records_only_changed_fields_old_and_new(db, desa_id) -> None:
    with UnitOfWork(db) as uow:
        data = get_desa(uow, desa_id)
        data.kepala_desa = "Sri Wahyuni"
        save_desa(uow, data)
    with UnitOfWork(db) as uow:
        latest = riwayat_untuk(uow, "desa", desa_id)[0]
    assert latest.aksi == "ubah" and latest.tabel == "desa"
    assert [(p.kolom, p.lama, p.baru) for p in latest.perubahan] == [
        ("kepala_desa", "Mujiono", "Sri Wahyuni")
    ]
    assert latest.ringkasan() == "Kepala desa: Mujiono → Sri Wahyuni"

    before = len(entries(db))
    with UnitOfWork(db) as uow:
        save_desa(uow, get_desa(uow, desa_id))  # saved unchanged: nothing to record
    assert len(entries(db)) == before


def test_delete_keeps_the_old_values(db, desa_id) -> None:
    with UnitOfWork(db) as uow:
        delete_desa(uow, desa_id)
    aksi, tabel, _user, label = entries(db)[-1]
    assert (aksi, tabel, label) == ("hapus", "desa", "Betak (35.04.14.2016)")
    with UnitOfWork(db) as uow:
        gone = cari_riwayat(uow, FilterRiwayat(aksi="hapus"))[0]
    assert ("kepala_desa", "Mujiono", None) in [(p.kolom, p.lama, p.baru) for p in gone.perubahan]


def test_refused_action_leaves_no_entry(db, desa_id) -> None:
    before = entries(db)
    with UnitOfWork(db) as uow, pytest.raises(ValidationError):
        data = get_desa(uow, desa_id)
        data.tahun_penetapan = 2010  # before the programme: refused
        save_desa(uow, data)
    assert entries(db) == before


def test_without_a_chosen_name_the_system_user_is_recorded(db) -> None:
    with UnitOfWork(db) as uow:
        save_desa(uow, DesaData(kode_wilayah="35.04.14.2017", tahun_penetapan=2019))
    assert {e[2] for e in entries(db)} == {getpass.getuser()}


def test_participant_nik_is_masked_and_marks_show_in_both_histories(db, desa_id) -> None:
    with UnitOfWork(db) as uow:
        peserta_id = save_peserta(
            uow,
            PesertaData(
                desa_id=desa_id,
                nama="Dewi Lestari",
                jenis_kelamin=JenisKelamin.P,
                kategori=KategoriPeserta.IBU,
                nik="3504145203850001",
            ),
        )
    with UnitOfWork(db) as uow:
        sesi_id = save_pertemuan(
            uow, PertemuanData(desa_id=desa_id, tanggal=date(2024, 3, 5), topik="Pola Asuh")
        )
    with UnitOfWork(db) as uow:
        set_marks(uow, [(peserta_id, sesi_id, Kehadiran.H)])
    with UnitOfWork(db) as uow:
        set_marks(uow, [(peserta_id, sesi_id, Kehadiran.S)])

    with UnitOfWork(db) as uow:
        peserta_history = riwayat_untuk(uow, "peserta", peserta_id)
        sesi_history = riwayat_untuk(uow, "pertemuan", sesi_id)
    added = peserta_history[-1]
    nik = next(p.baru for p in added.perubahan if p.kolom == "nik")
    assert nik != "3504145203850001" and nik.startswith("350414") and "*" in nik
    with sqlite3.connect(db.path) as conn:
        dump = "".join(r[0] for r in conn.execute("SELECT perubahan FROM riwayat"))
    assert "3504145203850001" not in dump

    mark_change = peserta_history[0]
    assert mark_change.tabel == "kehadiran" and mark_change.aksi == "ubah"
    assert mark_change.label == "Kehadiran Dewi Lestari — 05-03-2024 Pola Asuh"
    assert [(p.lama, p.baru) for p in mark_change.perubahan] == [("H", "S")]
    assert mark_change.ringkasan() == "Status: Hadir → Sakit"
    assert [e.id for e in sesi_history if e.tabel == "kehadiran"] == [
        e.id for e in peserta_history if e.tabel == "kehadiran"
    ]


def test_realisation_shows_in_the_activity_history_with_money(db, desa_id) -> None:
    with UnitOfWork(db) as uow:
        create_tahun(uow, 2024)
        set_pagu(uow, 2024, Pilar.II, "APBN", Decimal("50000000"))
    with UnitOfWork(db) as uow:
        kegiatan_id = save_kegiatan(
            uow,
            KegiatanData(
                tahun=2024,
                pilar=Pilar.II,
                nama="Pelatihan usaha",
                volume=Decimal(1),
                satuan="paket",
                triwulan=Triwulan.II,
                anggaran=Decimal("12500000"),
                sumber_dana="APBN",
                kode_wilayah="35.04.14.2016",
            ),
        )
    with UnitOfWork(db) as uow:
        save_realisasi(
            uow,
            kegiatan_id,
            RealisasiData(Triwulan.II, Decimal("7500000"), Decimal(1), StatusKegiatan.SELESAI),
        )
    with UnitOfWork(db) as uow:
        history = riwayat_untuk(uow, "kegiatan", kegiatan_id)
    assert [e.tabel for e in history] == ["realisasi", "kegiatan"]
    assert "Jumlah: Rp 7.500.000" in history[0].baris_perubahan()
    assert "Anggaran: Rp 12.500.000" in history[1].baris_perubahan()


def test_audit_page_filters_and_pages(db, desa_id) -> None:
    settings = Settings()
    settings.set("nama_pengguna", "Budi")
    settings.save()
    with UnitOfWork(db) as uow:
        for kode in ("35.04.14.2017", "35.04.14.2011"):
            save_desa(uow, DesaData(kode_wilayah=kode, tahun_penetapan=2019))

    with UnitOfWork(db) as uow:
        assert daftar_pengguna(uow) == ["Budi", "Siti Operator"]
        assert hitung_riwayat(uow, FilterRiwayat(pengguna="Budi")) == 2
        assert hitung_riwayat(uow, FilterRiwayat(tabel="petugas_desa")) == 1
        assert hitung_riwayat(uow, FilterRiwayat(teks="mujiono")) == 1  # case-insensitive
        assert hitung_riwayat(uow, FilterRiwayat(teks="100%")) == 0  # % taken literally
        today = date.today()
        assert hitung_riwayat(uow, FilterRiwayat(dari=today, sampai=today)) == 4
        assert hitung_riwayat(uow, FilterRiwayat(sampai=today - timedelta(days=1))) == 0

        first = cari_riwayat(uow, FilterRiwayat(), batas=3)
        rest = cari_riwayat(uow, FilterRiwayat(), sebelum_id=first[-1].id, batas=3)
        assert [e.id for e in first + rest] == sorted((e.id for e in first + rest), reverse=True)
        assert len(first) == 3 and len(rest) == 1
        assert [e.id for e in semua_riwayat(uow, FilterRiwayat(), halaman=2)] == [
            e.id for e in first + rest
        ]


def test_demo_is_one_summary_entry(demo_db) -> None:
    rows = entries(demo_db)
    assert len(rows) == 1
    with UnitOfWork(demo_db) as uow:
        (entry,) = cari_riwayat(uow, FilterRiwayat())
    assert entry.aksi == "impor" and entry.jumlah == 7 + 19 + 74 + 24 + 424
    assert entry.baris_perubahan()[0] == "548 baris"


def test_each_import_is_one_entry_with_its_row_count(db, demo_db, tmp_path) -> None:
    """The demo district's villages, plan and one village's attendance, exported in the
    exchange formats and imported into a fresh database: one audit entry per import,
    naming the file and the number of rows."""
    from desmig_desktop.services.ekspor_desa import export_desa
    from desmig_desktop.services.ekspor_parenting import export_rekap_kehadiran
    from desmig_desktop.services.ekspor_rencana import export_rencana
    from desmig_desktop.services.impor_desa import import_desa_file
    from desmig_desktop.services.impor_kehadiran import import_kehadiran_file
    from desmig_desktop.services.impor_rencana import import_rencana_file

    desa_xlsx = export_desa(demo_db, xlsx=tmp_path / "desa.xlsx").paths[0]
    rencana_xlsx = export_rencana(demo_db, 2024, xlsx=tmp_path / "rencana.xlsx").paths[0]
    hadir_xlsx = export_rekap_kehadiran(
        demo_db, "35.04.14.2011", xlsx=tmp_path / "hadir.xlsx", paper="A4"
    ).paths[0]

    before = len(entries(db))
    desa = import_desa_file(db, desa_xlsx)
    rencana = import_rencana_file(db, rencana_xlsx)
    hadir = import_kehadiran_file(db, hadir_xlsx)
    added = entries(db)[before:]
    assert [(a, t) for a, t, _u, _l in added] == [
        ("impor", "desa"),
        ("impor", "kegiatan"),
        ("impor", "kehadiran"),
    ]
    with UnitOfWork(db) as uow:
        found = {e.tabel: e for e in cari_riwayat(uow, FilterRiwayat(aksi="impor"))}
    assert found["desa"].jumlah == desa.rows
    assert found["desa"].label == "Impor desa dari desa.xlsx"
    assert found["kegiatan"].jumlah > rencana.kegiatan_baru == 19
    assert found["kehadiran"].jumlah == hadir.baris > 0
    rincian = {p.kolom: p.baru for p in found["kehadiran"].perubahan}
    assert rincian["tanda_baru"] == hadir.tanda_baru and rincian["berkas"] == "hadir.xlsx"
    assert f"{hadir.baris} baris" == found["kehadiran"].baris_perubahan()[0]


def test_a_count_too_large_for_the_database_is_refused_by_the_service(db) -> None:
    """Whatever the caller (editor, import, another office's tool), a statistic too large
    for an integer column is refused with the field's name, not a database overflow."""
    from desmig_desktop.services.desa import StatistikData

    with UnitOfWork(db) as uow, pytest.raises(ValidationError) as caught:
        save_desa(
            uow,
            DesaData(
                kode_wilayah="35.04.14.2016",
                tahun_penetapan=2018,
                statistik=[StatistikData(tahun=2024, jumlah_penduduk=10**30)],
            ),
        )
    assert "terlalu besar" in caught.value.message
    assert entries(db) == []

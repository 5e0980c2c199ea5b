"""The Rencana & Anggaran page: plan lines, realisation and pagu through the window."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desmig_desktop.domain.enums import Pilar, Triwulan
from desmig_desktop.domain.formatting import format_rupiah
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.pages.rencana import RencanaPage
from desmig_desktop.services.rencana import list_kegiatan, ringkasan_anggaran
from desmig_desktop.services.uow import UnitOfWork

pytestmark = pytest.mark.gui


def _settled(qtbot, page):
    """The budget table and the subtotals are computed off the GUI thread: wait for them."""
    qtbot.waitUntil(lambda: page.settled, timeout=10000)
    return page


@pytest.fixture
def page(qtbot, demo_db):
    p = RencanaPage(demo_db, ChangeHub())
    qtbot.addWidget(p)
    p.show()
    p.tahun.setCurrentIndex(p.tahun.findData(2024))
    p.triwulan.setCurrentIndex(p.triwulan.findData(Triwulan.II.value))
    return _settled(qtbot, p)


def _total_row(page):
    assert page.settled
    kind, baris = page.anggaran_model.rows[-1]
    assert kind == "total"
    return baris


def _select(page, kode: str) -> None:
    for row, r in enumerate(page.rencana_model.rows):
        if r.item is not None and r.item.kode == kode:
            page.rencana_view.selectRow(row)
            return
    raise AssertionError(f"{kode} not listed")


def test_budget_table_matches_the_summary_query(page, demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        ringkasan = ringkasan_anggaran(uow, 2024)
    total = _total_row(page)
    assert total.pagu == ringkasan.total.pagu == Decimal(475_000_000)
    last = page.anggaran_model.index(page.anggaran_model.rowCount() - 1, 5)
    assert last.data() == f"Rp {ringkasan.total.realisasi_sd(2):,.0f}".replace(",", ".")
    serapan = page.anggaran_model.index(page.anggaran_model.rowCount() - 1, 6).data()
    assert serapan == "37,83%"  # Rp 179.700.000 / Rp 475.000.000 through TW II


def test_quarter_choice_changes_the_to_date_figures(page) -> None:
    q2 = _total_row(page).realisasi_sd(2)
    page.triwulan.setCurrentIndex(page.triwulan.findData(Triwulan.I.value))
    col = 5
    shown = page.anggaran_model.index(page.anggaran_model.rowCount() - 1, col).data()
    q1 = _total_row(page).realisasi_sd(1)
    assert q1 < q2
    assert shown == f"Rp {q1:,.0f}".replace(",", ".")


def test_plan_is_grouped_by_pillar_with_subtotals(page) -> None:
    model = page.rencana_model
    kinds = [r.kind for r in model.rows]
    assert kinds[0] == "group" and kinds[-1] == "total"
    assert kinds.count("group") == 4 and kinds.count("subtotal") == 4
    sub_i = next(r for r in model.rows if r.kind == "subtotal" and r.pilar is Pilar.I)
    items_i = [r.item for r in model.rows if r.item and r.item.pilar is Pilar.I]
    assert model.sums(sub_i).anggaran == sum(k.anggaran for k in items_i)
    assert model.sums(sub_i).kegiatan == len(items_i)
    row = model.rows.index(sub_i)
    assert model.index(row, 6).data() == format_rupiah(sum(k.anggaran for k in items_i))
    assert model.index(row, 1).data() == f"Jumlah Pilar I ({len(items_i)} kegiatan)"
    total = model.index(len(model.rows) - 1, 8).data()
    assert total == format_rupiah(sum(r.item.realisasi_sd(2) for r in model.rows if r.item))
    heading = model.index(0, 0).data()
    assert heading == f"{Pilar.I.judul} ({len(items_i)} kegiatan)"
    assert page.rencana_view.columnSpan(0, 0) == model.columnCount()


def test_enter_a_plan_line_through_the_dialog(qtbot, page, demo_db) -> None:
    before = _total_row(page).rencana
    page.f_pilar.setCurrentIndex(page.f_pilar.findData("II"))
    dialog = page.add_kegiatan()
    qtbot.addWidget(dialog)
    assert dialog.pilar.currentData() == "II"  # the filtered pillar is the default
    qtbot.keyClicks(dialog.nama, "Pelatihan olahan pangan PMI purna")
    qtbot.keyClicks(dialog.volume, "25")
    dialog.satuan.setCurrentText("orang")
    qtbot.keyClicks(dialog.anggaran, "Rp 7.500.000")
    dialog.sumber.setCurrentText("APBN")
    dialog.triwulan.setCurrentIndex(dialog.triwulan.findData("3"))
    assert dialog.save()
    _settled(qtbot, page)
    assert _total_row(page).rencana == before + Decimal(7_500_000)  # totals followed
    with UnitOfWork(demo_db) as uow:
        codes = [k.kode for k in list_kegiatan(uow, 2024) if k.nama.startswith("Pelatihan olahan")]
    assert codes == ["2024-II-006"]
    assert page.selected() is not None and page.selected().kode == "2024-II-006"


def test_activity_dialog_reads_the_village_list_only_when_opened(qtbot, page, demo_db) -> None:
    """At national scale the list holds thousands of villages: an edit shows the chosen
    one at once and reads the others when the list is opened (or another is chosen)."""
    from desmig_desktop.gui.models import choice, choose

    with UnitOfWork(demo_db) as uow:
        village_line = next(k for k in list_kegiatan(uow, 2024) if k.kode_wilayah)
    _select(page, village_line.kode)
    dialog = page.edit_kegiatan()
    qtbot.addWidget(dialog)
    assert dialog.desa.pending and dialog.desa.count() == 2  # district level + this village
    assert choice(dialog.desa) == village_line.kode_wilayah

    fresh = page.add_kegiatan()
    qtbot.addWidget(fresh)
    assert fresh.desa.count() == 1 and choice(fresh.desa) is None  # district level
    assert choose(fresh.desa, "35.04.14.2016")  # reads the whole list to find it
    assert not fresh.desa.pending and fresh.desa.count() == 1 + 7
    fresh.pilar.setCurrentIndex(fresh.pilar.findData("II"))
    qtbot.keyClicks(fresh.nama, "Pendampingan usaha Betak")
    qtbot.keyClicks(fresh.volume, "1")
    qtbot.keyClicks(fresh.anggaran, "1.000.000")
    fresh.sumber.setCurrentText("APBN")
    assert fresh.save()
    with UnitOfWork(demo_db) as uow:
        saved = next(k for k in list_kegiatan(uow, 2024) if k.nama == "Pendampingan usaha Betak")
    assert saved.kode_wilayah == "35.04.14.2016"


def test_over_pagu_is_refused_with_the_figures(qtbot, page) -> None:
    dialog = page.add_kegiatan()
    qtbot.addWidget(dialog)
    dialog.pilar.setCurrentIndex(dialog.pilar.findData("I"))
    qtbot.keyClicks(dialog.nama, "Sosialisasi tambahan")
    qtbot.keyClicks(dialog.volume, "1")
    qtbot.keyClicks(dialog.anggaran, "500.000")
    dialog.sumber.setCurrentText("APBN")
    assert not dialog.save()
    message = dialog.pesan["Anggaran (Rp)"].text()
    assert "pagu Rp 60.000.000" in message
    assert "sudah direncanakan Rp 59.900.000" in message
    assert "sisa Rp 100.000" in message
    assert dialog.pesan["Anggaran (Rp)"].isVisibleTo(dialog)


def test_realisation_through_the_page_updates_totals(qtbot, page, monkeypatch) -> None:
    before = _total_row(page).realisasi_sd(2)
    _select(page, "2024-I-003")  # Rp 9.500.000 planned, Rp 4.200.000 realised in TW II
    dialog = page.enter_realisasi()
    qtbot.addWidget(dialog)
    assert dialog.triwulan.currentData() == "2"
    assert dialog.jumlah.text() == "4.200.000"  # the quarter's stored figure is offered
    dialog.jumlah.setText("6.000.000")
    dialog.volume.setText("60")
    assert dialog.save()
    _settled(qtbot, page)
    assert _total_row(page).realisasi_sd(2) == before + Decimal(1_800_000)


def test_realisation_over_plan_asks_and_is_flagged(qtbot, page, monkeypatch) -> None:
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    _select(page, "2024-I-003")
    dialog = page.enter_realisasi()
    qtbot.addWidget(dialog)
    dialog.jumlah.setText("12.000.000")
    assert not dialog.save()
    assert asked and "melebihi" in asked[0]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    assert dialog.save()
    flagged = [r.item for r in page.rencana_model.rows if r.item and r.item.kode == "2024-I-003"]
    assert flagged[0].melebihi


def test_closed_year_is_read_only_on_the_page(qtbot, page, monkeypatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    page.toggle_closed()
    assert "DITUTUP" in page.status_tahun.text()
    assert not page.tambah.isEnabled() and not page.pagu.isEnabled()
    assert page.add_kegiatan() is None
    page.toggle_closed()
    assert page.tambah.isEnabled()


def test_pagu_dialog_refuses_lowering_below_plan(qtbot, page) -> None:
    dialog = page.edit_pagu()
    qtbot.addWidget(dialog)
    model = dialog.model
    col = model.sumber.index("APBN")
    model.setData(model.index(0, col), "1.000.000")  # Pilar I APBN: 59.900.000 planned
    assert not dialog.save()
    assert "tidak dapat diturunkan" in dialog.pesan.text()
    model.setData(model.index(0, col), "70.000.000")
    assert dialog.save()
    _settled(qtbot, page)
    assert _total_row(page).pagu == Decimal(485_000_000)


def test_filters(page) -> None:
    page.f_pilar.setCurrentIndex(page.f_pilar.findData("III"))
    pillars = {r.item.pilar for r in page.rencana_model.rows if r.item}
    assert pillars == {Pilar.III}
    page.f_pilar.setCurrentIndex(0)
    page.f_desa.setCurrentIndex(page.f_desa.findData(""))  # district-wide only
    assert all(r.item.desa == "" for r in page.rencana_model.rows if r.item)
    page.f_desa.setCurrentIndex(0)
    page.f_tw.setCurrentIndex(page.f_tw.findData("3"))
    assert {r.item.triwulan for r in page.rencana_model.rows if r.item} == {Triwulan.III}


def test_export_then_import_from_the_page(qtbot, page, tmp_path, monkeypatch) -> None:
    op = page.export_to(2024, {"xlsx": tmp_path / "rencana.xlsx", "pdf": tmp_path / "r.pdf"}, "A4")
    qtbot.waitUntil(lambda: op.done, timeout=30000)
    assert (tmp_path / "rencana.xlsx").exists() and (tmp_path / "r.pdf").exists()
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: None))
    op = page.import_file(tmp_path / "rencana.xlsx")
    qtbot.waitUntil(lambda: op.done, timeout=30000)
    assert "0 kegiatan baru" in page.last_message  # the round trip changes nothing


def test_pagu_dialog_adds_a_funding_source(qtbot, page, demo_db) -> None:
    from desmig_desktop.services.rencana import list_sumber_dana

    dialog = page.edit_pagu()
    qtbot.addWidget(dialog)
    assert dialog.add_source("CSR Bank Jatim")
    col = dialog.model.sumber.index("CSR Bank Jatim")
    dialog.model.setData(dialog.model.index(1, col), "10.000.000")  # Pilar II
    assert dialog.save()
    _settled(qtbot, page)
    with UnitOfWork(demo_db) as uow:
        assert "CSR Bank Jatim" in list_sumber_dana(uow)
    assert any(b.sumber_dana == "CSR Bank Jatim" for _k, b in page.anggaran_model.rows)
    assert not dialog.add_source("csr bank jatim")  # already in the list
    assert "sudah ada" in dialog.pesan.text()


def test_lowering_a_budget_below_its_realisation_asks(qtbot, page, monkeypatch) -> None:
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    _select(page, "2024-I-001")  # Rp 18.000.000 planned, Rp 17.850.000 realised
    dialog = page.edit_kegiatan()
    qtbot.addWidget(dialog)
    dialog.anggaran.setText("10.000.000")
    assert not dialog.save()
    assert asked and "lebih kecil dari realisasi" in asked[0]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    assert dialog.save()
    item = next(r.item for r in page.rencana_model.rows if r.item and r.item.kode == "2024-I-001")
    assert item.melebihi and item.anggaran == Decimal(10_000_000)


# --- the plan is read a page at a time ------------------------------------------------


def _all_plans(demo_db, tahun: int = 2024):
    with UnitOfWork(demo_db) as uow:
        return list_kegiatan(uow, tahun)


def test_plan_is_read_a_page_at_a_time_with_sql_subtotals(qtbot, page, demo_db) -> None:
    everything = _all_plans(demo_db)
    model = page.rencana_model
    model.page_size = 4
    page.reload()  # the view reads whole pages until it is full, not more
    _settled(qtbot, page)
    read = len(model.records)
    assert read % 4 == 0 and read < len(everything) - 4
    assert [k.kode for k in model.records] == [k.kode for k in everything[:read]]
    assert model.canFetchMore() and "total" not in [r.kind for r in model.rows]
    # the headings count their pillar's lines from SQL before the lines are read
    heading = model.index(0, 0).data()
    count_i = sum(k.pilar is Pilar.I for k in everything)
    assert heading == f"{Pilar.I.judul} ({count_i} kegiatan)"
    while model.canFetchMore():
        model.fetchMore()
    assert [k.kode for k in model.records] == [k.kode for k in everything]
    expected_kinds = []
    for pilar in Pilar:
        mine = [k for k in everything if k.pilar is pilar]
        if mine:
            expected_kinds += ["group"] + ["item"] * len(mine) + ["subtotal"]
    assert [r.kind for r in model.rows] == [*expected_kinds, "total"]
    groups = [i for i, r in enumerate(model.rows) if r.kind == "group"]
    assert all(page.rencana_view.columnSpan(i, 0) == model.columnCount() for i in groups)


def test_scrolling_down_reads_the_next_page(qtbot, page, demo_db) -> None:
    model = page.rencana_model
    model.page_size = 5
    page.reload()
    qtbot.wait(50)
    before = len(model.records)
    assert model.canFetchMore()
    view = page.rencana_view
    view.setFocus()
    view.setCurrentIndex(model.index(1, 0))
    for _ in range(model.rowCount() + 2):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(model.records) > before, timeout=5000)


def test_selecting_a_line_beyond_the_first_page_reads_up_to_it(qtbot, page, demo_db) -> None:
    everything = _all_plans(demo_db)
    page.rencana_model.page_size = 3
    page.reload()
    last = everything[-1]
    assert page.select_kegiatan(last.id)
    assert page.selected() is not None and page.selected().id == last.id
    assert page.ubah.isEnabled() and page.hapus.isEnabled()
    page.f_pilar.setCurrentIndex(page.f_pilar.findData("I"))
    assert last.pilar is not Pilar.I and not page.select_kegiatan(last.id)  # filtered out


def test_plan_model_passes_the_model_tester(qtmodeltester, page) -> None:
    page.rencana_model.page_size = 4
    page.reload()
    qtmodeltester.check(page.rencana_model)
    qtmodeltester.check(page.anggaran_model)


def test_village_filter_reads_the_villages_when_first_needed(qtbot, page, demo_db) -> None:
    from desmig_desktop.gui.models import choose

    assert page.f_desa.pending and page.f_desa.model().rowCount() == 2  # all / district
    assert choose(page.f_desa, "35.04.14.2016")  # reads them, then chooses Betak
    assert not page.f_desa.pending and page.f_desa.model().rowCount() > 2
    assert page.f_desa.currentText() == "Betak (Kec. Kalidawir)"
    items = [r.item for r in page.rencana_model.rows if r.item]
    assert items and {k.kode_wilayah for k in items} == {"35.04.14.2016"}
    page.refresh()  # a change elsewhere: the chosen village stays, the list is read later
    assert page.f_desa.currentText() == "Betak (Kec. Kalidawir)" and page.f_desa.pending

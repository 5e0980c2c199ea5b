"""Beranda: figures and chart series come from the report's queries; clicks lead to the work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desmig_desktop.domain.enums import Pilar, Triwulan
from desmig_desktop.gui.main_window import MainWindow
from desmig_desktop.services.laporan import laporan_triwulan
from desmig_desktop.services.rencana import RealisasiData, list_kegiatan, save_realisasi
from desmig_desktop.services.uow import UnitOfWork

pytestmark = pytest.mark.gui


def _loaded(qtbot, page):
    if page.loading is not None:
        qtbot.waitUntil(lambda: page.loading.done and page.data is not None, timeout=10000)
    return page.data


@pytest.fixture
def window(qtbot, demo_db):
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    page = w.pages["beranda"]
    _loaded(qtbot, page)
    page.tahun.setCurrentIndex(page.tahun.findData(2024))
    page.triwulan.setCurrentIndex(page.triwulan.findData(Triwulan.II.value))
    qtbot.waitUntil(
        lambda: page.data.tahun == 2024 and page.data.triwulan is Triwulan.II, timeout=10000
    )
    return w


def test_chart_series_equal_the_report_queries(window, demo_db) -> None:
    page = window.pages["beranda"]
    with UnitOfWork(demo_db) as uow:
        lap = laporan_triwulan(uow, 2024, 2)
    pagu, real = page.serapan_chart.series
    assert list(pagu.values) == [lap.pilar(p).anggaran.pagu for p in Pilar]
    assert list(real.values) == [lap.pilar(p).realisasi_sd for p in Pilar]
    assert page.serapan_chart.annotations == [
        f"{lap.pilar(p).serapan_sd:.2f}".replace(".", ",") + "%" for p in Pilar
    ]
    (per_tw,) = page.triwulan_chart.series
    assert list(per_tw.values) == list(lap.total.anggaran.realisasi_tw)
    assert page.desa_chart.categories == [r.nama for r in lap.parenting]
    assert page.desa_chart.values == [r.rekap.rate for r in lap.parenting]
    assert "Rp 475.000.000" in page.status_label.text()
    assert page.cards["desa_aktif"].value.text() == "6"
    assert "Rp 85.000.000" in page.serapan_chart.tooltips[0]


def test_clicking_a_pillar_opens_the_filtered_plan(qtbot, window) -> None:
    page = window.pages["beranda"]
    rect = page.serapan_chart.category_rect(2)
    qtbot.mouseClick(page.serapan_chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    rencana = window.current_page()
    assert rencana.page_id == "rencana"
    assert rencana.f_pilar.currentData() == "III"
    assert {r.item.pilar for r in rencana.rencana_model.rows if r.item} == {Pilar.III}


def test_keyboard_on_the_chart_opens_a_pillar(qtbot, window) -> None:
    page = window.pages["beranda"]
    window.show_page("beranda")
    page.serapan_chart.setFocus()
    qtbot.keyClick(page.serapan_chart, Qt.Key.Key_Right)
    qtbot.keyClick(page.serapan_chart, Qt.Key.Key_Return)
    assert window.current_page().page_id == "rencana"
    assert window.current_page().f_pilar.currentData() == "II"


def test_clicking_a_village_opens_its_attendance(qtbot, window) -> None:
    page = window.pages["beranda"]
    name = page.desa_chart.categories[1]
    rect = page.desa_chart.category_rect(1)
    qtbot.mouseClick(page.desa_chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    parenting = window.current_page()
    assert parenting.page_id == "parenting"
    assert parenting.desa.currentText().startswith(name)


def test_an_edit_elsewhere_refreshes_the_page(qtbot, window, demo_db) -> None:
    page = window.pages["beranda"]
    before = page.data.angka.realisasi_sd["I"]
    with UnitOfWork(demo_db) as uow:
        keg = next(k for k in list_kegiatan(uow, 2024) if k.kode == "2024-I-004")
        save_realisasi(uow, keg.id, RealisasiData(Triwulan.II, keg.anggaran / 2))
    window.hub.announce("rencana")  # what every page does after a write
    qtbot.waitUntil(
        lambda: page.data.angka.realisasi_sd["I"] == before + keg.anggaran / 2, timeout=10000
    )


def test_empty_database_shows_a_friendly_state(qtbot, db) -> None:
    w = MainWindow(db)
    qtbot.addWidget(w)
    page = w.pages["beranda"]
    data = _loaded(qtbot, page)
    assert data.kosong
    assert page.empty_box.isVisibleTo(page)
    assert page.serapan_chart.series[0].values == [0, 0, 0, 0]
    assert page.desa_chart.categories == []
    assert "Belum ada pertemuan" in page.desa_chart.empty_text


def test_with_many_villages_the_chart_shows_the_lowest_rates() -> None:
    from decimal import Decimal

    from desmig_desktop.gui.pages.beranda import DESA_GRAFIK, desa_grafik
    from desmig_desktop.services.beranda import DesaRate

    few = [DesaRate(f"35.04.01.{2000 + i}", f"D{i}", Decimal(i), 1) for i in range(6)]
    assert desa_grafik(few) == few
    many = [DesaRate(f"35.04.01.{2000 + i}", f"D{i}", Decimal(100 - i), 1) for i in range(40)]
    many[3] = DesaRate("35.04.01.2003", "Belum diisi", None, 2)
    shown = desa_grafik(many)
    assert len(shown) == DESA_GRAFIK
    assert [d.kode_wilayah for d in shown] == sorted(d.kode_wilayah for d in shown)
    assert "Belum diisi" in [d.nama for d in shown]  # sessions without marks come first
    rates = sorted(d.rate for d in shown if d.rate is not None)
    assert rates == [Decimal(100 - i) for i in range(40 - DESA_GRAFIK + 1, 40)][::-1]

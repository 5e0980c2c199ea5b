"""Beranda: where the year stands, at a glance, with charts that lead to the work.

Figures come from ``services.beranda.data_beranda`` (aggregate queries that agree with
the quarterly report), computed off the GUI thread whenever data changes anywhere.
With many villages the attendance chart shows those with the lowest rate.
Clicking a pillar's bar opens Rencana & Anggaran filtered to that pillar;
clicking a village opens its attendance.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import Pilar, Triwulan
from desmig_desktop.domain.errors import DesmigError
from desmig_desktop.domain.formatting import (
    NAMA_BULAN,
    format_angka,
    format_persen,
    format_rupiah,
    format_rupiah_ringkas,
    format_tanggal,
)
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.models import choice, choice_combo, choose, set_choices
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.gui.widgets.charts import PALETTE, BarChart, HBarChart, LineChart, Series
from desmig_desktop.services.beranda import BerandaData, DesaRate, data_beranda
from desmig_desktop.services.kantor import get_kantor
from desmig_desktop.services.laporan import CEK_JUDUL
from desmig_desktop.services.rencana import list_tahun
from desmig_desktop.services.uow import UnitOfWork

DESA_GRAFIK = 20  # at most this many villages in the attendance chart


def desa_grafik(rates: list[DesaRate]) -> list[DesaRate]:
    """The villages the chart shows: all of a district, the lowest rates of a larger set
    (a village with sessions but no marks yet first), in code order."""
    if len(rates) <= DESA_GRAFIK:
        return rates
    lowest = sorted(rates, key=lambda d: (d.rate is not None, d.rate or 0, d.kode_wilayah))[
        :DESA_GRAFIK
    ]
    return sorted(lowest, key=lambda d: d.kode_wilayah)


class Card(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: int) -> None:
        self.value.setText(format_angka(value))


def default_period(years: list[int], today: date | None = None) -> tuple[int | None, Triwulan]:
    today = today or date.today()
    if not years:
        return None, Triwulan.dari_bulan(today.month)
    if today.year in years:
        return today.year, Triwulan.dari_bulan(today.month)
    return years[-1], Triwulan.IV


class BerandaPage(Page):
    title = "Beranda"
    page_id = "beranda"
    demo_requested = Signal()
    settings_requested = Signal()
    pillar_requested = Signal(object)  # Pilar
    village_requested = Signal(str)  # kode wilayah
    report_requested = Signal()

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Beranda"))
        top.addStretch(1)
        self.tahun = choice_combo()
        self.triwulan = choice_combo([(t.label, t.value) for t in Triwulan])
        for text, w in (("&Tahun:", self.tahun), ("T&riwulan:", self.triwulan)):
            lbl = QLabel(text)
            lbl.setBuddy(w)
            top.addWidget(lbl)
            top.addWidget(w)
        outer.addLayout(top)
        self.kantor_label = QLabel()
        self.kantor_label.setWordWrap(True)
        outer.addWidget(self.kantor_label)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.empty_box = QFrame()
        self.empty_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.empty_box)
        empty_text = QLabel(
            "<b>Belum ada data untuk ditampilkan.</b> Mulailah dengan identitas kantor dan "
            "penandatangan di Pengaturan, daftarkan desa Desmigratif di halaman Desa, lalu isi "
            "pagu dan rencana kegiatan. Atau coba aplikasi dengan data demo Kabupaten "
            "Tulungagung."
        )
        empty_text.setWordWrap(True)
        box.addWidget(empty_text)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("Isi &data demo")
        self.demo_button.clicked.connect(self.demo_requested)
        self.settings_button = QPushButton("Buka &Pengaturan")
        self.settings_button.clicked.connect(self.settings_requested)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        layout.addWidget(self.empty_box)

        grid = QGridLayout()
        self.cards = {
            "desa_aktif": Card("desa Desmigratif aktif"),
            "pmi_aktif": Card("PMI aktif (data terakhir)"),
            "cpmi": Card("calon PMI"),
            "pmi_purna": Card("PMI purna"),
            "peserta": Card("peserta parenting triwulan ini"),
            "pertemuan": Card("pertemuan parenting triwulan ini"),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.linkActivated.connect(lambda _l: self.report_requested.emit())
        layout.addWidget(self.status_label)

        charts = QGridLayout()
        self.serapan_chart = BarChart(
            "Pagu dan realisasi s.d. triwulan per pilar", format_rupiah_ringkas
        )
        self.triwulan_chart = BarChart(
            "Realisasi per triwulan (seluruh pilar)", format_rupiah_ringkas
        )
        self.desa_chart = HBarChart(
            "Tingkat kehadiran per desa (triwulan ini)", lambda v: format_persen(v, 1)
        )
        self.tren_chart = LineChart(
            "Tingkat kehadiran per bulan (seluruh desa)", lambda v: format_persen(v, 1)
        )
        charts.addWidget(self.serapan_chart, 0, 0)
        charts.addWidget(self.triwulan_chart, 0, 1)
        charts.addWidget(self.desa_chart, 1, 0)
        charts.addWidget(self.tren_chart, 1, 1)
        layout.addLayout(charts)
        self.cek_label = QLabel()
        self.cek_label.setWordWrap(True)
        self.cek_label.setTextFormat(Qt.TextFormat.RichText)
        self.cek_label.linkActivated.connect(lambda _l: self.report_requested.emit())
        layout.addWidget(self.cek_label)
        layout.addStretch(1)

        self.serapan_chart.activated.connect(lambda i: self.pillar_requested.emit(list(Pilar)[i]))
        self.desa_chart.activated.connect(self._village_activated)
        self.tahun.currentIndexChanged.connect(lambda _i: self.reload())
        self.triwulan.currentIndexChanged.connect(lambda _i: self.reload())
        self.data: BerandaData | None = None
        self.desa_shown: list[DesaRate] = []
        self.loading: Operation | None = None
        self._stale = False
        self.refresh()

    # --- data ----------------------------------------------------------------------

    def refresh(self) -> Operation | None:
        """Re-read the year list, then reload the figures in the background."""
        with UnitOfWork(self.db) as uow:
            years = [y.tahun for y in list_tahun(uow)]
            kantor = get_kantor(uow)
        keep = choice(self.tahun)
        default_year, default_tw = default_period(years)
        set_choices(self.tahun, [(str(y), y) for y in years])
        for w in (self.tahun, self.triwulan):
            w.blockSignals(True)
        if years:
            choose(self.tahun, keep if keep in years else default_year)
        if keep is None:
            choose(self.triwulan, default_tw.value)
        for w in (self.tahun, self.triwulan):
            w.blockSignals(False)
        if kantor.lengkap:
            self.kantor_label.setText(
                " — ".join(p.title() for p in (kantor.instansi, kantor.pemerintah) if p)
            )
            self.kantor_label.setStyleSheet("")
        else:
            self.kantor_label.setText(
                "Identitas kantor belum diisi: kop surat laporan belum dapat dicetak."
            )
            self.kantor_label.setStyleSheet("color: #b3261e;")
        return self.reload()

    def reload(self) -> Operation | None:
        tahun = choice(self.tahun)
        tw = Triwulan.parse(choice(self.triwulan) or "1")
        if tahun is None:
            tahun = date.today().year
        if self.loading is not None and not self.loading.done:
            self._stale = True  # a newer request will follow the running one
            return self.loading

        def work(_progress: Progress) -> BerandaData:
            with UnitOfWork(self.db) as uow:
                return data_beranda(uow, tahun, tw)

        self.loading = (
            Operation(self, work, title="Beranda", write=False)
            .success(self._show)
            .failure(self._failed)
            .run()
        )
        return self.loading

    def _show(self, data: BerandaData) -> None:
        if not isValid(self):  # closed while the figures were being read
            return
        self.data = data
        if self._stale:
            self._stale = False
            self.loading = None
            self.reload()
        a = data.angka
        for key, card in self.cards.items():
            card.set_value(getattr(a, key))
        self.empty_box.setVisible(data.kosong)
        rom = data.triwulan.romawi
        pilar_names = [f"Pilar {b.pilar.value}" for b in data.pilar]
        self.serapan_chart.title = f"Pagu dan realisasi s.d. TW {rom} per pilar"
        self.serapan_chart.set_data(
            pilar_names,
            [
                Series("Pagu", [b.pagu for b in data.pilar], PALETTE[0]),
                Series(
                    f"Realisasi s.d. TW {rom}", [b.realisasi_sd for b in data.pilar], PALETTE[1]
                ),
            ],
            [
                f"{b.pilar.judul}\nPagu {format_rupiah(b.pagu)}\nRealisasi s.d. TW {rom} "
                f"{format_rupiah(b.realisasi_sd)}\nSerapan {format_persen(b.serapan)}\n"
                "Klik atau Enter: buka rencana pilar ini"
                for b in data.pilar
            ],
            [format_persen(b.serapan) if b.pagu else "" for b in data.pilar],
        )
        self.triwulan_chart.set_data(
            [f"TW {t.romawi}" for t in Triwulan],
            [Series("Realisasi", data.realisasi_per_triwulan, PALETTE[1])],
            [
                f"{t.label}: {format_rupiah(v)}"
                for t, v in zip(Triwulan, data.realisasi_per_triwulan, strict=True)
            ],
        )
        self.desa_shown = desa_grafik(data.kehadiran_desa)
        self.desa_chart.title = "Tingkat kehadiran per desa (triwulan ini)"
        if len(self.desa_shown) < len(data.kehadiran_desa):
            self.desa_chart.title = (
                f"Tingkat kehadiran per desa: {len(self.desa_shown)} terendah dari "
                f"{format_angka(len(data.kehadiran_desa))} desa"
            )
        self.desa_chart.set_data(
            [d.nama for d in self.desa_shown],
            [d.rate for d in self.desa_shown],
            [
                f"Desa {d.nama} ({d.kode_wilayah}): {d.pertemuan} pertemuan, kehadiran "
                f"{format_persen(d.rate)}\nKlik atau Enter: buka daftar hadir desa ini"
                for d in self.desa_shown
            ],
        )
        self.desa_chart.empty_text = "Belum ada pertemuan community parenting triwulan ini."
        months = [b[:3] for b in NAMA_BULAN]
        self.tren_chart.set_data(
            months,
            list(data.tren_bulanan),
            [
                f"{NAMA_BULAN[i]} {data.tahun}: {format_persen(v)}"
                for i, v in enumerate(data.tren_bulanan)
            ],
        )
        if data.kosong:
            self.status_label.setText("")
            self.cek_label.setText("")
            return
        batas = a.batas_laporan
        days = (batas - date.today()).days
        when = (
            f"{days} hari lagi" if days > 0 else "hari ini" if days == 0 else f"lewat {-days} hari"
        )
        self.status_label.setText(
            f"Serapan s.d. TW {rom} {data.tahun}: <b>{format_persen(a.serapan_sd['total'])}</b> "
            f"({format_rupiah(a.realisasi_sd['total'])} dari pagu "
            f"{format_rupiah(a.pagu['total'])}). "
            + (
                f"Kehadiran parenting <b>{format_persen(a.attendance_rate)}</b>. "
                if a.attendance_rate is not None
                else "Belum ada kehadiran parenting tercatat triwulan ini. "
            )
            + f"Laporan TW {rom} jatuh tempo "
            f"<b>{format_tanggal(batas)}</b> ({when})."
        )
        if a.checklist:
            parts = [
                f"<b>Daftar periksa laporan: {format_angka(a.checklist)} hal belum lengkap</b> "
                "(<a href='laporan'>buka Laporan</a>)<ul>"
            ]
            for jenis, judul in CEK_JUDUL.items():
                n = data.cek.get(jenis, 0)
                if n:
                    parts.append(f"<li>{escape(judul)}: {format_angka(n)}</li>")
            self.cek_label.setText("".join(parts) + "</ul>")
        else:
            self.cek_label.setText(
                "<b>Daftar periksa laporan:</b> tidak ada yang tampak belum lengkap."
            )

    def _failed(self, exc: BaseException) -> None:
        """The page never blocks on a modal box: known problems show in place."""
        if not isValid(self):
            return
        if isinstance(exc, DesmigError):
            self.status_label.setText(f"<span style='color:#b3261e'>{escape(exc.message)}</span>")
        else:
            show_error(self, exc, "Beranda")

    def _village_activated(self, index: int) -> None:
        if 0 <= index < len(self.desa_shown):
            self.village_requested.emit(self.desa_shown[index].kode_wilayah)

    def on_changed(self, areas: frozenset[str]) -> None:
        self.refresh()

"""Pages whose work lands with later issues; each says what it will hold."""

from __future__ import annotations

from desmig_desktop.gui.pages.base import PlaceholderPage


class LaporanPage(PlaceholderPage):
    title = "Laporan"
    page_id = "laporan"
    coming = (
        "Laporan Triwulan untuk Kementerian Ketenagakerjaan: buku kerja Excel dan PDF bertanda "
        "tangan, dengan daftar periksa kelengkapan sebelum ekspor.",
    )

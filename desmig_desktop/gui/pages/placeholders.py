"""Pages whose work lands with later issues; each says what it will hold."""

from __future__ import annotations

from desmig_desktop.gui.pages.base import PlaceholderPage


class ParentingPage(PlaceholderPage):
    title = "Community Parenting"
    page_id = "parenting"
    coming = (
        "Peserta per desa (anak, orang tua, kakek/nenek, wali, kader) dengan persetujuan wali.",
        "Pertemuan dan kisi kehadiran H/I/S/A yang diisi dari papan ketik.",
        "Daftar hadir siap cetak dan rekap kehadiran.",
    )


class LaporanPage(PlaceholderPage):
    title = "Laporan"
    page_id = "laporan"
    coming = (
        "Laporan Triwulan untuk Kementerian Ketenagakerjaan: buku kerja Excel dan PDF bertanda "
        "tangan, dengan daftar periksa kelengkapan sebelum ekspor.",
    )

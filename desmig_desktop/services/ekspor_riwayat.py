"""The audit trail as a workbook (``desmig export riwayat``, the Riwayat page's "Ekspor...",
and beside every manual backup): one row per entry, newest first, streamed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.progress import NullProgress, Progress
from desmig_desktop.exports.xlsx_base import new_workbook, save_workbook, write_big_sheet
from desmig_desktop.services.riwayat import FilterRiwayat, hitung_riwayat, semua_riwayat
from desmig_desktop.services.uow import UnitOfWork

__all__ = ["HEADERS", "export_riwayat", "path_beside"]

HEADERS = ("Waktu", "Pengguna", "Aksi", "Bagian", "Rekaman", "Perubahan", "Jumlah Baris", "ID")


def path_beside(backup: Path) -> Path:
    """Where the audit workbook of a manual backup goes: ``cadangan.db`` →
    ``cadangan riwayat.xlsx`` in the same folder."""
    return backup.with_name(f"{backup.stem} riwayat.xlsx")


def export_riwayat(
    db: Database,
    path: str | os.PathLike[str],
    f: FilterRiwayat | None = None,
    *,
    progress: Progress | None = None,
) -> tuple[Path, int]:
    """Write the entries matching ``f`` (all by default) to ``path``; returns the path and
    the number of entries. Written atomically; memory stays bounded at any size."""
    f = f or FilterRiwayat()
    progress = progress or NullProgress()
    with UnitOfWork(db) as uow:
        total = hitung_riwayat(uow, f)

        def rows() -> Iterator[tuple[object, ...]]:
            for e in semua_riwayat(uow, f):
                yield (
                    e.waktu,
                    e.pengguna,
                    e.aksi_label,
                    e.tabel_label,
                    e.label,
                    "\n".join(e.baris_perubahan()),
                    e.jumlah,
                    e.rekaman or "",
                )

        wb = new_workbook(write_only=True, title="Riwayat perubahan", author="Desmig Desktop")
        write_big_sheet(
            wb,
            "Riwayat",
            HEADERS,
            rows(),
            col_formats=("dd/mm/yyyy hh:mm:ss", None, None, None, None, None, "#,##0", None),
            widths=(20, 18, 10, 18, 40, 70, 12, 38),
            heading=("RIWAYAT PERUBAHAN DATA DESMIGRATIF",),
            footer_text="Riwayat perubahan",
            total=total,
            progress=progress,
        )
    return save_workbook(wb, path, progress), total

"""`desmig check`: is the database file whole, consistent and of a known schema?

Works on the file read-only, so a damaged file is never modified by the check.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desmig_desktop.db.migrate import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    connect_readonly,
    inspect_sqlite_file,
)
from desmig_desktop.domain.errors import DatabaseError


@dataclass
class HasilPemeriksaan:
    berkas: Path
    revisi: str | None = None
    masalah: list[str] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)

    @property
    def baik(self) -> bool:
        return not self.masalah


def periksa_berkas(path: Path) -> HasilPemeriksaan:
    """Check ``path``: header, schema revision, integrity and foreign keys."""
    hasil = HasilPemeriksaan(berkas=path)
    if not path.exists():
        hasil.masalah.append(f"Berkas basis data {path} tidak ada.")
        return hasil
    try:
        hasil.revisi = inspect_sqlite_file(path)
    except DatabaseError as exc:
        hasil.masalah.append(exc.message)
        return hasil
    if hasil.revisi is None:
        hasil.masalah.append(f"Berkas {path} kosong: belum berisi skema Desmig Desktop.")
        return hasil
    if hasil.revisi not in KNOWN_REVISIONS:
        hasil.masalah.append(
            f"Skema {hasil.revisi} dibuat oleh versi aplikasi yang lebih baru "
            f"(versi ini mengenal sampai {SCHEMA_HEAD})."
        )
    elif hasil.revisi != SCHEMA_HEAD:
        hasil.catatan.append(
            f"Skema {hasil.revisi} akan dimutakhirkan ke {SCHEMA_HEAD} saat aplikasi dibuka."
        )
    try:
        conn = connect_readonly(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                shown = "; ".join(rows[:5])
                hasil.masalah.append(
                    f"Pemeriksaan keutuhan gagal ({len(rows)} temuan): {shown}. "
                    "Pulihkan dari cadangan terakhir."
                )
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                tables = sorted({r[0] for r in fk})
                hasil.masalah.append(
                    f"{len(fk)} rujukan antar-tabel rusak (tabel {', '.join(tables)})."
                )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        hasil.masalah.append(f"Berkas basis data rusak: {exc}. Pulihkan dari cadangan terakhir.")
    if hasil.baik:
        hasil.catatan.append("Keutuhan basis data baik (integrity_check: ok).")
        hasil.catatan.append("Rujukan antar-tabel baik (foreign_key_check: kosong).")
    return hasil

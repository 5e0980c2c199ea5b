"""Load the shipped Kemendagri region list into the indexed ``wilayah`` table.

Done on first start, and again whenever the shipped file changes (a new
decree): the file's SHA-256 is recorded in ``app_meta``. One transaction,
bulk Core inserts.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from desmig_desktop import resources
from desmig_desktop.db.models import AppMeta, Wilayah
from desmig_desktop.domain.wilayah import iter_wilayah_csv, level, parent

if TYPE_CHECKING:
    from desmig_desktop.db.migrate import Database

log = logging.getLogger(__name__)
META_KEY = "wilayah_sha256"
_BATCH = 5000


def wilayah_file_digest() -> str:
    return hashlib.sha256(resources.path("wilayah", "wilayah.csv.gz").read_bytes()).hexdigest()


def ensure_wilayah(db: Database) -> bool:
    """Load the region list when missing or outdated. Returns True when it loaded."""
    digest = wilayah_file_digest()
    with db.sessions() as session:
        current = session.scalar(select(AppMeta.nilai).where(AppMeta.kunci == META_KEY))
    if current == digest:
        return False
    source = resources.path("wilayah", "wilayah.csv.gz")
    with db.engine.begin() as conn:
        conn.execute(delete(Wilayah))
        batch: list[dict[str, object]] = []
        for kode, nama in iter_wilayah_csv(source):
            batch.append(
                {"kode": kode, "nama": nama, "induk": parent(kode), "tingkat": level(kode)}
            )
            if len(batch) >= _BATCH:
                conn.execute(insert(Wilayah), batch)
                batch.clear()
        if batch:
            conn.execute(insert(Wilayah), batch)
        conn.execute(delete(AppMeta).where(AppMeta.kunci == META_KEY))
        conn.execute(insert(AppMeta).values(kunci=META_KEY, nilai=digest))
    log.info("data wilayah dimuat (%s)", digest[:12])
    return True

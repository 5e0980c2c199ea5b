"""What every export service shares: the paper size from the request or the settings."""

from __future__ import annotations

from desmig_desktop.exports.pdf_base import kertas
from desmig_desktop.settings import Settings


def kertas_dari(paper: str | None, settings: Settings | None) -> str:
    """The paper asked for, or the ``ukuran_kertas`` setting; refused when unknown."""
    if paper is None:
        paper = str((settings or Settings()).get("ukuran_kertas"))
    return kertas(paper)

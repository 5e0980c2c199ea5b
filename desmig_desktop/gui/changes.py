"""One application-wide signal saying what data changed (STYLE.md rule 8).

A write announces the areas it touched (e.g. ``{"kantor"}``, ``{"desa"}``);
every open page decides for itself whether to reload. No chains of refresh
calls between windows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

AREAS = ("kantor", "desa", "rencana", "parenting", "referensi", "semua")


class ChangeHub(QObject):
    changed = Signal(object)  # frozenset[str] of areas

    def announce(self, *areas: str) -> None:
        unknown = set(areas) - set(AREAS)
        if unknown:
            raise ValueError(f"unknown change areas: {sorted(unknown)}")
        self.changed.emit(frozenset(areas))


def touches(areas: frozenset[str], *interesting: str) -> bool:
    return "semua" in areas or bool(areas.intersection(interesting))

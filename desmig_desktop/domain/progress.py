"""Progress reporting for long work, injected by the caller (STYLE.md rule 7).

Services, imports and exports take a ``Progress``; the GUI passes one that
drives a progress dialog, the command line and tests pass ``NullProgress`` or
their own. ``check()`` raises ``Cancelled`` when the user asked to stop, so
long loops stop at a safe point and their transaction rolls back.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled the operation; nothing was written."""


class Progress(Protocol):
    def set_total(self, total: int, label: str = "") -> None: ...

    def advance(self, step: int = 1) -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """Reports nowhere and never cancels."""

    def set_total(self, total: int, label: str = "") -> None:
        pass

    def advance(self, step: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def check(progress: Progress) -> None:
    """Raise ``Cancelled`` if the user asked to stop."""
    if progress.cancelled():
        raise Cancelled("Dibatalkan oleh pengguna; tidak ada yang disimpan.")

"""Progress reporting for long work, injected by the caller (STYLE.md rule 7).

Services, imports and exports take a ``Progress``; the GUI passes one that
drives a progress dialog, the command line and tests pass ``NullProgress`` or
their own. ``check()`` raises ``Cancelled`` when the user asked to stop, so
long loops stop at a safe point and their transaction rolls back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def gc_ditunda() -> Iterator[None]:
    """Python's cyclic garbage collector paused for bulk work (reading a big sheet, an
    import, building a national report): it allocates millions of short-lived objects next
    to a large live heap, and each collection would walk all of it (a tenth to a third of
    the time here). Reference counting still frees everything as usual; the collector is
    switched back on as it was, also after an error."""
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()

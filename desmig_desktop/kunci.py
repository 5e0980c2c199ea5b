"""Is a database held by a running Desmig Desktop? (No Qt here.)

The application takes a ``QLockFile`` at ``<database>.lock`` while it has the database
open (gui/app.py). The command line reads that file to refuse work that must not happen
under a running window, such as replacing the database with a backup. The file's first
line is the holder's process id and its third the host name; a lock whose process is
gone (a power cut, a killed app) is stale and does not count, as for QLockFile itself.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

__all__ = ["lock_holder", "lock_path"]


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def lock_holder(db_path: Path) -> int | None:
    """The process id of a running app holding ``db_path``, or None (no lock, or stale).
    A lock taken on another computer (a shared folder) is taken as held."""
    try:
        lines = lock_path(db_path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not lines or not lines[0].strip().isdigit():
        return None
    pid = int(lines[0].strip())
    host = lines[2].strip() if len(lines) > 2 else ""
    if host and host.lower() != socket.gethostname().lower():
        return pid
    return pid if _alive(pid) else None

"""Write an export file atomically, with Indonesian messages for the usual failures.

Every export (PDF or Excel) is written to a temporary file in the target's own folder and
moved over the target with :func:`os.replace` only when it is complete. A crash, a
cancellation or a full disk therefore never leaves a half-written report behind, and an
existing file at the path stays as it was until the new one is whole.

The failures an office PC meets (the file is open in Excel or a PDF reader, the folder is
read-only, the disk is full) become :class:`KnownEnvironmentError` with a message that says
what the user can do. Standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from desmig_desktop.domain.errors import KnownEnvironmentError

__all__ = ["atomic_output", "staged_outputs", "write_error"]

log = logging.getLogger(__name__)

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


def write_error(
    exc: OSError, target: Path, *, stage: str = "write", program: str = "Excel"
) -> KnownEnvironmentError:
    """Translate an ``OSError`` met while writing ``target`` into a message for the user.

    ``stage`` is where it happened: ``"folder"`` (creating a file in the folder),
    ``"write"`` (writing the content) or ``"replace"`` (putting the finished file in place,
    where a file held open by ``program`` fails on Windows).
    """
    name = target.name
    folder = str(target.parent)
    if exc.errno in _DISK_FULL:
        return KnownEnvironmentError(
            f'Disk penuh: berkas "{name}" tidak dapat disimpan di folder "{folder}". '
            "Kosongkan sebagian ruang disk atau pilih folder lain, lalu coba lagi."
        )
    if stage == "folder":
        if isinstance(exc, FileNotFoundError):
            return KnownEnvironmentError(
                f'Folder "{folder}" tidak ditemukan. Pilih folder lain untuk menyimpan "{name}".'
            )
        if isinstance(exc, PermissionError) or exc.errno in _READ_ONLY:
            return KnownEnvironmentError(
                f'Folder "{folder}" tidak dapat ditulisi (hanya-baca atau tanpa izin), '
                f'jadi berkas "{name}" tidak dapat disimpan. Pilih folder lain, '
                "misalnya Dokumen, lalu coba lagi."
            )
    if isinstance(exc, IsADirectoryError):
        return KnownEnvironmentError(
            f'Berkas "{name}" tidak dapat disimpan: sudah ada folder dengan nama itu. '
            "Pilih nama berkas lain."
        )
    if isinstance(exc, PermissionError) or exc.errno in _READ_ONLY:
        return KnownEnvironmentError(
            f'Berkas "{name}" tidak dapat ditulis: mungkin sedang dibuka di {program}. '
            "Tutup berkas itu lalu coba lagi."
        )
    reason = exc.strerror or str(exc)
    return KnownEnvironmentError(f'Berkas "{name}" tidak dapat ditulis: {reason}.')


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], *, program: str = "Excel") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    The body writes the whole file to the yielded path. When the body raises (including
    :class:`~desmig_desktop.domain.progress.Cancelled`), the temporary file is removed and
    ``path`` is untouched. ``OSError`` becomes :class:`KnownEnvironmentError` (see
    :func:`write_error`); ``program`` names what may hold the file open ("Excel",
    "pembaca PDF").
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        # Fail before a long build when the file is locked (Excel holds it on Windows).
        try:
            with open(target, "ab"):
                pass
        except OSError as exc:
            raise write_error(exc, target, stage="replace", program=program) from exc
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "xb"):
            pass
    except OSError as exc:
        raise write_error(exc, target, stage="folder", program=program) from exc
    stage = "write"
    try:
        yield temp
        _fsync(temp)
        stage = "replace"
        os.replace(temp, target)
    except OSError as exc:
        _unlink_quietly(temp)
        log.warning("Gagal menulis %s (%s): %s", target, stage, exc)
        raise write_error(exc, target, stage=stage, program=program) from exc
    except BaseException:
        _unlink_quietly(temp)
        raise


@contextlib.contextmanager
def staged_outputs(
    *targets: str | os.PathLike[str] | None, program: str = "Excel"
) -> Iterator[list[Path | None]]:
    """Temporary stand-ins for several files that must appear together or not at all.

    The body writes each stand-in; only when it succeeds are they moved over their
    targets. A failure or a cancellation (even after the first file was complete)
    removes every stand-in and leaves the targets as they were.
    """
    finals = [Path(t) if t is not None else None for t in targets]
    temps = [
        f.with_name(f"~{f.stem}.sementara{f.suffix}") if f is not None else None for f in finals
    ]
    try:
        yield temps
        for tmp, final in zip(temps, finals, strict=True):
            if tmp is not None and final is not None:
                try:
                    os.replace(tmp, final)
                except OSError as exc:
                    raise write_error(exc, final, stage="replace", program=program) from exc
    finally:
        for tmp in temps:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)

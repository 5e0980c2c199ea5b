"""One helper for background work, used everywhere (STYLE.md rules 6 and 7).

    Operation(parent, work, title="Mengisi data demo")
        .success(on_done).failure(on_error).with_progress("Menyimpan…").run()

``work(progress)`` runs on a worker thread and must open its own unit of work.
Writes go to a single-thread pool (SQLite has one writer); reads may run in
parallel. Results and errors come back on the GUI thread by queued signal.
The progress dialog appears only when the work takes longer than 600 ms, and
its "Batal" button asks the work to stop at its next ``progress.check``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.errors import show_error

SHOW_AFTER_MS = 600
_write_pool: QThreadPool | None = None
_running: set[Operation] = set()


def write_pool() -> QThreadPool:
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class ThreadProgress:
    """The ``Progress`` a worker sees: thread-safe, forwards to the GUI by signal."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._total = 0
        self._done = 0
        self._label = ""
        self._sent = 0.0

    def set_total(self, total: int, label: str = "") -> None:
        self._total, self._done = max(0, total), 0
        if label:
            self._label = label
        self._signals.progressed.emit(self._done, self._total, self._label)

    def advance(self, step: int = 1) -> None:
        self._done += step
        # at most about 50 updates a second: an import advances once per row (100,000)
        now = time.monotonic()
        if now - self._sent >= 0.02 or self._done >= self._total > 0:
            self._sent = now
            self._signals.progressed.emit(self._done, self._total, self._label)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    def __init__(
        self, work: Callable[[Progress], Any], progress: ThreadProgress, signals: _Signals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._progress, self._signals = work, progress, signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as exc:  # every failure goes back to the GUI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class Operation:
    """A piece of background work with success/failure callbacks and optional progress."""

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Progress], Any],
        *,
        title: str,
        write: bool = True,
    ) -> None:
        self.parent, self.work, self.title, self.write = parent, work, title, write
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._label: str | None = None
        self._dialog: QProgressDialog | None = None
        self.signals = _Signals()
        self.progress = ThreadProgress(self.signals)
        self.done = False

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._on_failure = callback
        return self

    def with_progress(self, label: str) -> Operation:
        self._label = label
        return self

    def run(self) -> Operation:
        conn = Qt.ConnectionType.QueuedConnection
        self.signals.finished.connect(self._finished, conn)
        self.signals.failed.connect(self._failed, conn)
        if self._label is not None:
            dialog = QProgressDialog(self._label, "Batal", 0, 0, self.parent)
            dialog.setWindowTitle(self.title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(SHOW_AFTER_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.progress.cancel)
            self.signals.progressed.connect(self._progressed, conn)
            self._dialog = dialog
        _running.add(self)
        pool = write_pool() if self.write else QThreadPool.globalInstance()
        pool.start(_Runnable(self.work, self.progress, self.signals))
        return self

    def cancel(self) -> None:
        self.progress.cancel()

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self._dialog is None:
            return
        self._dialog.setMaximum(total)
        self._dialog.setValue(min(done, total) if total else 0)
        if label:
            self._dialog.setLabelText(label)

    def _close(self) -> None:
        self.done = True
        _running.discard(self)
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.progress.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _finished(self, result: Any) -> None:
        self._close()
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            show_error(self.parent, exc, self.title)


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for background work to end (used at exit and in tests)."""
    ok = write_pool().waitForDone(timeout_ms)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and ok

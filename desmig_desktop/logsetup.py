"""Logging to a file in the data folder, set up on the first line of each main().

A windowed exe has ``sys.stdout``/``sys.stderr`` set to None, so the file is
the only place a traceback can go.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys

from desmig_desktop import __version__, paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_desmig", False) for h in root.handlers):
        return
    root.setLevel(level)
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_path(), maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._desmig = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream._desmig = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    logging.getLogger("desmig_desktop").info(
        "Desmig Desktop %s, Python %s", __version__, sys.version.split()[0]
    )

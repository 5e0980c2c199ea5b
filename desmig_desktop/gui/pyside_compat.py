"""A guard against a PySide6 6.12 reference-count bug on CPython 3.11.

On PySide6 6.12.0 with Python 3.11, every call from Python of a Qt method that returns
nothing (``processEvents``, ``setText``, ``setEnabled``, ``addItem``, ...) and every
``QVariant`` that comes back as ``None`` (``currentData()`` of an empty item,
``index.data(role)`` without data) drops one reference to ``None`` without taking it.
``None`` starts with about 28,000 references in this application: a session that makes
that many such calls (a few minutes of scrolling, or refreshing a combo box of 5,000
villages a few times) ends with ``Fatal Python error: none_dealloc``.

Python 3.12 made ``None`` immortal (PEP 683) and is not affected. Here its reference
count is raised once, at start, far above what any session can drain, which is what
3.12 does. DESIGN.md's "pin the Python and PySide6 versions" note is about the same bug.
"""

from __future__ import annotations

import sys

_HEADROOM = 1 << 40


def keep_none_alive() -> bool:
    """Raise ``None``'s reference count out of reach; True when it was raised."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field
    if count.value >= _HEADROOM:
        return False
    count.value += _HEADROOM
    return True


keep_none_alive()

"""Type-ahead search helpers: a case-insensitive prefix answered from a plain index.

SQLite (and PostgreSQL) indexes are binary: "siti%" in any case cannot be looked up
directly, and ``LIKE '%x%'`` reads the whole table when matches are rare. A prefix is
instead read as a few short index ranges (:func:`rentang_awal`), checked with a
case-insensitive LIKE. Portable SQL only: ranges and ILIKE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_


def succ(text: str) -> str:
    """The smallest string above every string starting with ``text``."""
    return text[:-1] + chr(ord(text[-1]) + 1)


def _case_variants(text: str) -> list[str]:
    """``text`` in every combination of upper/lower case of its characters."""
    variants = [""]
    for ch in text:
        forms = dict.fromkeys((ch, ch.upper(), ch.lower()))
        variants = [v + f for v in variants for f in forms if len(f) == 1]
    return list(dict.fromkeys(variants))


def like_awal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def rentang_awal(teks: str, letters: int = 3) -> list[tuple[str, str]]:
    """Index ranges [dari, ke) that together hold every string starting with ``teks`` in
    any upper/lower case, at most eight of them.

    A case-insensitive prefix cannot use a plain (binary) index by itself. The first
    three characters are taken in each of their upper/lower forms, one range each; the
    rest of ``teks`` narrows every range from its smallest form (e.g. "I RAH") to its
    largest ("i rah"). Rows in the ranges still need a case-insensitive check.
    """
    head, rest = teks[:letters], teks[letters:]
    low = "".join(min(c, c.upper(), c.lower()) for c in rest)
    high = "".join(max(c, c.upper(), c.lower()) for c in rest)
    return [(v + low, succ(v + high)) for v in _case_variants(head)]


def awal_teks(kolom: Any, teks: str) -> list[ColumnElement[bool]]:
    """Conditions, one per range of :func:`rentang_awal`, that ``kolom`` starts with
    ``teks`` in any case; each is answered from an index on ``kolom``. Portable SQL:
    ranges and ILIKE (``lower(x) LIKE lower(y)`` on SQLite)."""
    like = kolom.ilike(like_awal(teks), escape="\\")
    return [and_(kolom >= dari, kolom < ke, like) for dari, ke in rentang_awal(teks)]


class Disiapkan:
    """A search statement compiled once per database dialect and then run through the
    driver with its parameters only: type-ahead runs it on every pause in typing, and
    the usual statement path (cache key, compile cache, ORM result) costs more than the
    few index ranges it reads. Bound parameters only (no expanding ``IN``)."""

    def __init__(self, stmt: Any) -> None:
        self.stmt = stmt
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def jalankan(self, uow: Any, params: dict[str, Any]) -> list[Any]:
        # committed data through the database's kept-open reader: a keystroke pays for
        # its query only, not for a transaction around it
        conn = uow.reader()
        name = conn.dialect.name
        if name not in self._compiled:
            compiled = self.stmt.compile(dialect=conn.dialect)
            order = tuple(compiled.positiontup) if compiled.positional else None
            # values the compiler supplies itself (e.g. SQLite's OFFSET 0 after a LIMIT)
            fixed = {k: v for k, v in compiled.params.items() if v is not None}
            self._compiled[name] = (str(compiled), order, fixed)
        sql, order, fixed = self._compiled[name]
        values = fixed | params
        args = tuple(values[k] for k in order) if order is not None else values
        return conn.exec_driver_sql(sql, args).all()

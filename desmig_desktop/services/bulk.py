"""Bulk writes: many rows in few statements, inside the caller's transaction.

The imports and the benchmark generator write thousands to millions of rows. Through the
ORM (one object, one flush, one audit entry per row) that costs over a hundred times the
engine's own floor; ``executemany`` of plain tuples stays within about four times it
(``research/perf-baselines.md``). The functions here write such batches on the unit of
work's own connection, so the caller's transaction stays the only one: an import still
lands whole or not at all, and a rollback takes the bulk rows with it.

Values go in as the ORM takes them (``Decimal`` money, ``date``, ``datetime``, ``bool``,
vocabulary values as ``str``) and are stored exactly as the ORM stores them: each value goes
through its column's own type (:class:`~desmig_desktop.db.types.Money` turns rupiah into
whole hundredths, dates become ISO text on SQLite), and every column the caller leaves out
that has a Python default in :mod:`desmig_desktop.db.models` gets that default, as a flush
would: a fresh UUID ``public_id`` per row, ``dibuat``/``diubah`` the time of the call,
``aktif`` true, empty texts. CHECK constraints and foreign keys are the database's, as for
any write.

Nothing is validated here: callers (the imports, the generator) check their rows first.
No ORM event runs (no audit entry per row); an import records itself once. Rows are sent in
batches of :data:`BATCH`, and iterables are consumed batch by batch, so memory stays
bounded whatever the number of rows.

Ids: on SQLite the new rows' integer keys are assigned here (after the largest in the table,
exactly as SQLite would) and returned at once. SQLite lets one transaction write at a time:
should another connection write between the read of the largest key and the insert, this
transaction fails as busy (a known environment error), it never duplicates a key. On other
databases the rows go through SQLAlchemy Core and the keys come back from ``RETURNING``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, select
from sqlalchemy.orm import Session

from desmig_desktop.db import models as m
from desmig_desktop.services.uow import UnitOfWork

__all__ = [
    "BATCH",
    "DesaBaru",
    "KegiatanBaru",
    "StatistikBaru",
    "connection",
    "existing_kehadiran",
    "insert_desa",
    "insert_dicts",
    "insert_kegiatan",
    "insert_kehadiran",
    "insert_pagu",
    "insert_pertemuan",
    "insert_peserta",
    "insert_rows",
    "update_kehadiran",
    "update_rows",
]

BATCH = 10_000
"""Rows per ``executemany`` (a few MB of parameters at most)."""

Target = UnitOfWork | Session | Connection
_Processor = Callable[[Any], Any]


def connection(target: Target) -> Connection:
    """The connection of the caller's transaction. Pending ORM changes are flushed first,
    so that rows written in bulk may refer to them (and come after them)."""
    if isinstance(target, Connection):
        return target
    session = target.session if isinstance(target, UnitOfWork) else target
    session.flush()
    return session.connection()


def _table(table: Table | type[m.Base]) -> Table:
    return table if isinstance(table, Table) else table.__table__  # type: ignore[return-value]


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


@dataclass
class _Insert:
    """How the rows of one table with given columns are turned into parameters."""

    table: Table
    columns: tuple[str, ...]
    with_id: bool
    sqlite: bool
    extra: tuple[str, ...] = ()
    per_row: tuple[Callable[[], Any], ...] = ()
    constant: tuple[Any, ...] = ()
    processors: tuple[tuple[int, _Processor], ...] = ()
    constant_db: tuple[Any, ...] = ()  # the constants as stored (SQLite), processed once

    @classmethod
    def plan(cls, conn: Connection, table: Table, columns: Sequence[str]) -> _Insert:
        unknown = [c for c in columns if c not in table.c]
        if unknown:
            raise ValueError(f"{table.name} has no column {unknown}")
        pk = list(table.primary_key.columns)
        with_id = len(pk) == 1 and pk[0].name == "id" and "id" not in columns
        plan = cls(table, tuple(columns), with_id, conn.dialect.name == "sqlite")
        # Python-side defaults of the columns the caller leaves out, as a flush fills them
        per_row: list[tuple[str, Callable[[], Any]]] = []
        constant: list[tuple[str, Any]] = []
        for col in table.columns:
            if col.name in columns or col.name == "id" or col.default is None:
                continue
            default = col.default
            if getattr(default, "is_callable", False):
                fn = default.arg  # type: ignore[attr-defined]
                if col.name == "public_id":
                    per_row.append((col.name, lambda fn=fn: fn(None)))
                else:  # dibuat, diubah: the moment of the call
                    constant.append((col.name, fn(None)))
            elif getattr(default, "is_scalar", False):
                constant.append((col.name, default.arg))  # type: ignore[attr-defined]
        plan.extra = tuple(n for n, _ in per_row) + tuple(n for n, _ in constant)
        plan.per_row = tuple(fn for _, fn in per_row)
        plan.constant = tuple(v for _, v in constant)
        if plan.sqlite:

            def processor(name: str) -> _Processor | None:
                kind = table.c[name].type.dialect_impl(conn.dialect)
                return kind.bind_processor(conn.dialect)  # type: ignore[no-any-return]

            procs = []
            for i, name in enumerate((*columns, *(n for n, _ in per_row))):
                proc = processor(name)
                if proc is not None:
                    procs.append((i, proc))
            plan.processors = tuple(procs)
            stored = []
            for name, value in constant:
                proc = processor(name)
                stored.append(proc(value) if proc is not None and value is not None else value)
            plan.constant_db = tuple(stored)
        return plan

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.columns, *self.extra)

    def values(self, row: Sequence[Any]) -> list[Any]:
        """A row's values in :attr:`names` order, as Python values."""
        return [*self._own(row), *self.constant]

    def _own(self, row: Sequence[Any]) -> list[Any]:
        """The caller's values and the per-row defaults (a fresh public id)."""
        out = list(row)
        if len(out) != len(self.columns):
            raise ValueError(
                f"{self.table.name}: {len(out)} values for {len(self.columns)} columns"
            )
        out += [fn() for fn in self.per_row]
        return out

    def stored(self, row: Sequence[Any]) -> list[Any]:
        """A row's values in :attr:`names` order as SQLite stores them."""
        values = self._own(row)
        for i, proc in self.processors:
            value = values[i]
            if value is not None:
                values[i] = proc(value)
        values += self.constant_db
        return values

    def sql(self, conn: Connection) -> str:
        q = conn.dialect.identifier_preparer
        names = (*(("id",) if self.with_id else ()), *self.names)
        cols = ", ".join(q.quote(n) for n in names)
        marks = ", ".join("?" for _ in names)
        return f"INSERT INTO {q.format_table(self.table)} ({cols}) VALUES ({marks})"


def insert_rows(
    target: Target,
    table: Table | type[m.Base],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = BATCH,
) -> Sequence[int]:
    """Insert ``rows`` (tuples of values in ``columns`` order) into ``table``.

    Returns the new rows' ids in row order for a table with an integer ``id`` key (a
    ``range`` on SQLite), else an empty sequence. Columns left out get their Python
    default, as in an ORM flush.
    """
    conn = connection(target)
    tbl = _table(table)
    plan = _Insert.plan(conn, tbl, columns)
    ids: list[int] = []
    if not plan.sqlite:
        stmt = tbl.insert()
        if plan.with_id:
            stmt = stmt.returning(tbl.c.id, sort_by_parameter_order=True)
        for chunk in _batches(rows, batch):
            params = [dict(zip(plan.names, plan.values(r), strict=True)) for r in chunk]
            result = conn.execute(stmt, params)
            if plan.with_id:
                ids += [r[0] for r in result]
        return ids
    sql = plan.sql(conn)
    first = None
    if plan.with_id:
        top = conn.execute(select(func.max(tbl.c.id))).scalar()
        first = next_id = int(top or 0) + 1
    count = 0
    for chunk in _batches(rows, batch):
        if first is None:
            params = [tuple(plan.stored(row)) for row in chunk]
        else:
            params = [(i, *plan.stored(row)) for i, row in enumerate(chunk, next_id)]
            next_id += len(params)
        conn.exec_driver_sql(sql, params)
        count += len(params)
    return range(first, first + count) if first is not None else ()


def insert_dicts(
    target: Target,
    table: Table | type[m.Base],
    rows: Sequence[Mapping[str, Any]],
    *,
    batch: int = BATCH,
) -> Sequence[int]:
    """:func:`insert_rows` for rows given as ``{column: value}``; returns the ids in row
    order (empty for a table without an ``id``). Rows naming the same columns go in
    together."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(tuple(row), []).append(i)
    if len(groups) == 1:
        ((columns, _),) = groups.items()
        return insert_rows(target, table, columns, (tuple(r.values()) for r in rows), batch=batch)
    ids = [0] * len(rows)
    with_ids = False
    for columns, index in groups.items():
        new = insert_rows(
            target, table, columns, (tuple(rows[i].values()) for i in index), batch=batch
        )
        for i, new_id in zip(index, new, strict=False):
            ids[i] = new_id
            with_ids = True
    return ids if with_ids else ()


def update_rows(
    target: Target,
    table: Table | type[m.Base],
    key: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = BATCH,
) -> int:
    """``UPDATE table SET columns... WHERE key...`` for each row (the key values first,
    then the new values). ``diubah`` (if the table has it and it is not given) becomes the
    time of the call, as the ORM's ``onupdate`` does. Returns the number of rows given."""
    conn = connection(target)
    tbl = _table(table)
    sets = list(columns)
    extra: list[Any] = []
    for col in tbl.columns:
        onupdate = col.onupdate
        if (
            col.name not in sets
            and col.name not in key
            and onupdate is not None
            and getattr(onupdate, "is_callable", False)
        ):
            sets.append(col.name)
            extra.append(onupdate.arg(None))  # type: ignore[attr-defined]
    stmt = (
        tbl.update()
        .where(*(tbl.c[k] == bindparam(f"k_{k}") for k in key))
        .values({c: bindparam(f"v_{c}") for c in sets})
    )
    names = [f"k_{k}" for k in key] + [f"v_{c}" for c in sets]
    count = 0
    for chunk in _batches(rows, batch):
        params = [dict(zip(names, (*r, *extra), strict=True)) for r in chunk]
        conn.execute(stmt, params)
        count += len(params)
    return count


# --------------------------------------------------------------------------- attendance

_KEHADIRAN = ("pertemuan_id", "peserta_id", "status")


def insert_kehadiran(
    target: Target, marks: Iterable[tuple[int, int, str]], *, batch: int = BATCH
) -> int:
    """Insert attendance marks ``(pertemuan_id, peserta_id, status)`` (status ``H``, ``I``,
    ``S`` or ``A``); returns how many."""
    conn = connection(target)
    if conn.dialect.name != "sqlite":
        count = 0
        for chunk in _batches(marks, batch):
            insert_rows(conn, m.KehadiranPeserta, _KEHADIRAN, chunk, batch=batch)
            count += len(chunk)
        return count
    plan = _Insert.plan(conn, m.KehadiranPeserta.__table__, _KEHADIRAN)  # type: ignore[arg-type]
    sql = plan.sql(conn)
    count = 0
    for chunk in _batches(marks, batch):
        conn.exec_driver_sql(sql, chunk)
        count += len(chunk)
    return count


def update_kehadiran(
    target: Target, marks: Iterable[tuple[int, int, str]], *, batch: int = BATCH
) -> int:
    """Change the status of existing marks ``(pertemuan_id, peserta_id, status)``."""
    return update_rows(
        target,
        m.KehadiranPeserta,
        ("pertemuan_id", "peserta_id"),
        ("status",),
        ((p, o, s) for p, o, s in marks),
        batch=batch,
    )


def existing_kehadiran(
    target: Target, pertemuan_ids: Iterable[int], *, chunk: int = 500
) -> dict[tuple[int, int], str]:
    """The stored marks of the given sessions: ``{(pertemuan_id, peserta_id): status}``."""
    conn = connection(target)
    t = m.KehadiranPeserta.__table__
    ids = sorted(set(pertemuan_ids))
    out: dict[tuple[int, int], str] = {}
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        for sid, pid, status in conn.execute(
            select(t.c.pertemuan_id, t.c.peserta_id, t.c.status).where(t.c.pertemuan_id.in_(part))
        ):
            out[(sid, pid)] = status
    return out


# --------------------------------------------------------------------------- people, sessions


def insert_peserta(
    target: Target, rows: Sequence[Mapping[str, Any]], *, batch: int = BATCH
) -> Sequence[int]:
    """Insert participants (``desa_id``, ``nama``, ``jenis_kelamin``, ``kategori``,
    ``tanggal_lahir`` and any other column of ``peserta``); returns their ids."""
    return insert_dicts(target, m.Peserta, rows, batch=batch)


def insert_pertemuan(
    target: Target, rows: Sequence[Mapping[str, Any]], *, batch: int = BATCH
) -> Sequence[int]:
    """Insert sessions (``desa_id``, ``tanggal``, ``topik``, ``fasilitator``, ...)."""
    return insert_dicts(target, m.Pertemuan, rows, batch=batch)


# --------------------------------------------------------------------------- villages


@dataclass
class StatistikBaru:
    """A year's statistics of a new village: columns of ``statistik_desa`` (without
    ``desa_id``) and the destination countries ``{negara_id: jumlah}``."""

    kolom: dict[str, Any]
    negara: dict[int, int | None] = field(default_factory=dict)


@dataclass
class DesaBaru:
    """A new village: columns of ``desa`` and its child rows (officers as columns of
    ``petugas_desa`` without ``desa_id``, statistics by year, pillar assets)."""

    kolom: dict[str, Any]
    petugas: list[dict[str, Any]] = field(default_factory=list)
    statistik: list[StatistikBaru] = field(default_factory=list)
    aset: list[dict[str, Any]] = field(default_factory=list)


def _children(
    target: Target,
    table: Table | type[m.Base],
    owner_column: str,
    owners: Iterable[tuple[int, Sequence[dict[str, Any]]]],
) -> Sequence[int]:
    """Insert the child rows of each owner (its id into ``owner_column``); their ids."""
    rows = [{owner_column: owner, **child} for owner, children in owners for child in children]
    return insert_dicts(target, table, rows) if rows else ()


def insert_desa(target: Target, villages: Sequence[DesaBaru]) -> Sequence[int]:
    """Insert villages with their officers, statistics (and countries) and assets;
    returns the villages' ids."""
    ids = insert_dicts(target, m.Desa, [v.kolom for v in villages])
    _children(
        target, m.PetugasDesa, "desa_id", zip(ids, [v.petugas for v in villages], strict=True)
    )
    _children(target, m.AsetPilar, "desa_id", zip(ids, [v.aset for v in villages], strict=True))
    stats = [(d, st) for d, v in zip(ids, villages, strict=True) for st in v.statistik]
    stat_ids = _children(target, m.StatistikDesa, "desa_id", ((d, [st.kolom]) for d, st in stats))
    negara = [
        (sid, nid, jumlah)
        for sid, (_, st) in zip(stat_ids, stats, strict=True)
        for nid, jumlah in st.negara.items()
    ]
    insert_rows(target, m.StatistikNegara, ("statistik_id", "negara_id", "jumlah"), negara)
    return ids


# --------------------------------------------------------------------------- budget


@dataclass
class KegiatanBaru:
    """A new activity: columns of ``kegiatan`` and its quarters' realisation (columns of
    ``realisasi`` without ``kegiatan_id``)."""

    kolom: dict[str, Any]
    realisasi: list[dict[str, Any]] = field(default_factory=list)


def insert_kegiatan(
    target: Target, activities: Sequence[KegiatanBaru], *, batch: int = BATCH
) -> Sequence[int]:
    """Insert activities with their realisation rows; returns the activities' ids."""
    ids = insert_dicts(target, m.Kegiatan, [a.kolom for a in activities], batch=batch)
    realisasi = [a.realisasi for a in activities]
    _children(target, m.Realisasi, "kegiatan_id", zip(ids, realisasi, strict=True))
    return ids


def insert_pagu(
    target: Target, rows: Iterable[tuple[int, str, int, Decimal]], *, batch: int = BATCH
) -> Sequence[int]:
    """Insert budget ceilings ``(tahun, pilar, sumber_dana_id, jumlah)``."""
    return insert_rows(
        target, m.Pagu, ("tahun", "pilar", "sumber_dana_id", "jumlah"), rows, batch=batch
    )

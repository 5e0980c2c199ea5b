"""Column types that keep money exact on SQLite and PostgreSQL alike.

SQLite has no exact decimal type, so amounts are stored as whole hundredths
(sen) in a BIGINT and come back as ``Decimal``. Sums computed in SQL stay
exact because they add integers.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger
from sqlalchemy.types import TypeDecorator

_HUNDRED = Decimal(100)


class Hundredths(TypeDecorator[Decimal]):
    """A Decimal with two places stored as an integer count of hundredths."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: object) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * _HUNDRED
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} memiliki lebih dari dua angka desimal")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: object) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / _HUNDRED).quantize(Decimal("0.01"))


Money = Hundredths

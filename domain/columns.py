"""Column types that keep money, quantities and times exact on SQLite and PostgreSQL.

SQLAlchemy's `Numeric` on SQLite goes through float and warns; these types store
integers (or text) and hand back `Decimal`, so nothing is ever rounded by the
database.

    Money      integer paise (BigInteger)        -> Decimal('1152.00')
    Quantity   integer thousandths (BigInteger)  -> Decimal('0.5'); 0.5 case is fine, 0.0005 is refused
    Percent    integer ten-thousandths (Integer) -> Decimal('18'); GST and discount percentages
    ExactDecimal  decimal text (String)          -> any Decimal exactly (unit factors)
    UTCDateTime   timezone-aware UTC in and out (naive values are refused on the way in)
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def _as_decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{what} must be Decimal or int, not {type(value).__name__} ({value!r})")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{what} {value!r} is not a number") from None
    raise TypeError(f"{what} must be Decimal or int, not {type(value).__name__}")


class _Scaled(TypeDecorator[Decimal]):
    """A Decimal stored as an integer count of 10**-places; refuses values it cannot hold exactly."""

    impl: type[sa.types.TypeEngine[Any]] = sa.BigInteger
    cache_ok = True
    places = 0
    what = "value"

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        number = _as_decimal(value, self.what).scaleb(self.places)
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError(f"{self.what} {value} has more than {self.places} decimal places")
        return int(number)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places)


class Money(_Scaled):
    """Rupees as integer paise: Decimal('1152.00') <-> 115200."""

    cache_ok = True  # SQLAlchemy looks for it on each subclass

    places = 2
    what = "amount"

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        result = super().process_result_value(value, dialect)
        return None if result is None else result.quantize(Decimal("0.01"))


class Quantity(_Scaled):
    """Quantities as integer thousandths: Decimal('0.5') <-> 500; results are normalised (Decimal('10'))."""

    cache_ok = True  # SQLAlchemy looks for it on each subclass

    places = 3
    what = "quantity"

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        result = super().process_result_value(value, dialect)
        return None if result is None else _plain(result)


class Percent(_Scaled):
    """Percentages as integer ten-thousandths: Decimal('18') <-> 180000; results normalised."""

    cache_ok = True  # SQLAlchemy looks for it on each subclass

    impl = sa.Integer
    places = 4
    what = "percentage"

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        result = super().process_result_value(value, dialect)
        return None if result is None else _plain(result)


class ExactDecimal(TypeDecorator[Decimal]):
    """Any Decimal, stored as its text: used for unit factors, which may in principle be fractional."""

    impl = sa.String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        number = _as_decimal(value, "factor")
        if not number.is_finite():
            raise ValueError(f"factor {value} is not a finite number")
        return str(_plain(number))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite keeps them naive inside)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} given; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _plain(number: Decimal) -> Decimal:
    """Decimal('10.000') -> Decimal('10'), Decimal('0.500') -> Decimal('0.5'), never exponent form."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (the default for every timestamp column)."""
    return datetime.now(UTC)

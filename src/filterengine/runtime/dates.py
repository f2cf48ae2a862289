"""Reading instants from record values, and evaluating :class:`~filterengine.ir.DateMath`.

Both backends use these helpers, so "what date is this record value" has one
answer. None of them raises on record data: an unreadable value is ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from email.utils import parsedate_tz
from typing import Any

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from ..ir import DateMath, Round, Shift

__all__ = ["UNITS", "UNIT_SPELLINGS", "Unit", "unit_named", "unit_plural", "looks_like_date", "UTC", "to_instant", "parse_iso",
           "in_utc", "evaluate", "approx_seconds", "span_seconds", "MIN_INSTANT", "MAX_INSTANT", "MAX_SPAN_SECONDS"]

UTC = UTC
MIN_INSTANT = datetime.min.replace(tzinfo=UTC)
MAX_INSTANT = datetime.max.replace(tzinfo=UTC)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Epoch numbers above this are milliseconds (1e11 seconds is in the year 5138).
_MILLIS_THRESHOLD = 1e11
_fromiso = datetime.fromisoformat


def parse_iso(text: str) -> datetime | None:
    """Read an ISO 8601 string as an aware UTC-comparable datetime (date-only = 00:00 UTC).

    >>> parse_iso("2024-03-02T08:15:00Z")
    datetime.datetime(2024, 3, 2, 8, 15, tzinfo=datetime.timezone.utc)
    >>> parse_iso("2024-03-02").isoformat()
    '2024-03-02T00:00:00+00:00'
    >>> parse_iso("yesterday") is None
    True
    """
    try:
        dt = _fromiso(text)
    except (ValueError, TypeError):
        try:
            dt = isoparse(text)
        except (ValueError, TypeError, OverflowError):
            return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt


def in_utc(dt: datetime) -> datetime | None:
    """An aware instant in UTC, or ``None`` when UTC cannot hold it (it falls before
    0001-01-01T00:00:00Z or after 9999-12-31T23:59:59.999999Z once shifted by its offset).

    >>> in_utc(datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=2)))).isoformat()
    '2024-05-01T10:00:00+00:00'
    >>> in_utc(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14)))) is None
    True
    """
    try:
        return dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _from_epoch(number: Any) -> datetime | None:
    """An epoch number as an instant; ``None`` for NaN and for numbers beyond the calendar (never raises)."""
    try:
        if number != number:  # NaN
            return None
        if abs(number) > _MILLIS_THRESHOLD:
            number = float(number) / 1000.0  # an int too large for a float raises OverflowError here
        return _EPOCH + timedelta(seconds=float(number))
    except (OverflowError, ValueError, ArithmeticError, TypeError):
        return None


_RFC2822_HINT = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d")
_ISO_HINT = re.compile(r"\d{4}-\d\d-\d\d")


def looks_like_date(text: str) -> bool:
    """Whether a string has a date's shape (ISO 8601 or RFC 2822), before any parsing.

    >>> looks_like_date("2024-05-01"), looks_like_date("Wed, 01 May 2024 10:00:00 +0000"), looks_like_date("12")
    (True, True, False)
    """
    return _ISO_HINT.match(text) is not None or _RFC2822_HINT.match(text) is not None


def to_instant(value: Any) -> datetime | None:
    """The instant a record value denotes, or ``None`` when it is not a date.

    Accepts ISO 8601 strings (``Z``, offsets, fractions, date-only), RFC 2822
    strings, epoch numbers (seconds; milliseconds when above 1e11) and
    ``datetime``/``date`` objects (naive means UTC). An instant UTC cannot hold
    (``9999-12-31T23:59:59-14:00`` is in the year 10000 in UTC) is not a date.

    >>> to_instant("Mon, 29 Nov 2021 15:20:37 +0100").isoformat()
    '2021-11-29T15:20:37+01:00'
    >>> to_instant(1700000000000).isoformat()
    '2023-11-14T22:13:20+00:00'
    >>> to_instant(True) is None
    True
    """
    cls = value.__class__
    if cls is str:
        try:
            dt = _fromiso(value)
        except ValueError:
            return _slow_string_instant(value)
        if dt.tzinfo is None:
            return dt.replace(tzinfo=UTC)
        return dt if 1 < dt.year < 9999 else _in_calendar(dt)
    if cls is int or cls is float:
        return _from_epoch(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else _in_calendar(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):  # a str subclass
        return to_instant(str(value))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _from_epoch(value)
    return None


#: Zone names an RFC 2822 date may end with, and their offsets: RFC 2822's own
#: (UT, GMT, the North American ones) plus UTC and the European names clips carry.
#: Any other name (``CEST`` is here; ``IST``, ambiguous, is not) makes the value not
#: a date, rather than be read as UTC as the standard library would.
RFC2822_ZONES = {
    "UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000",
    "EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
    "MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
    "WET": "+0000", "WEST": "+0100", "CET": "+0100", "CEST": "+0200",
    "EET": "+0200", "EEST": "+0300", "MET": "+0100", "MEST": "+0200",
}
_RFC2822_ZONE_NAME = re.compile(r"(?<=\d)(\s+)([A-Za-z]+)\s*\Z")


_RFC2822_YEAR = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+(\d+)")


def rfc2822_year(digits: str) -> int:
    """The year an RFC 2822 date's year field denotes: four or more digits literally
    (``0050`` is the year 50); two digits (RFC 2822's obsolete form, section 4.3) 2000-2049
    for 00-49 and 1950-1999 for 50-99; three digits, 1900 more.

    >>> rfc2822_year("0050"), rfc2822_year("2024"), rfc2822_year("24"), rfc2822_year("75"), rfc2822_year("124")
    (50, 2024, 2024, 1975, 2024)
    """
    year = int(digits)
    if len(digits) >= 4:
        return year
    if len(digits) == 3:
        return year + 1900
    return year + 2000 if year < 50 else year + 1900


def _rfc2822_instant(text: str) -> datetime | None:
    """An RFC 2822 date; a zone name is replaced by its offset first, an unknown one is not a date.

    >>> _rfc2822_instant("Sat, 14 Jun 2025 23:30:00 CEST").isoformat()
    '2025-06-14T23:30:00+02:00'
    >>> _rfc2822_instant("Sat, 14 Jun 2025 23:30:00 XYZT") is None
    True
    >>> _rfc2822_instant("Mon, 01 Jan 0050 00:00:00 +0000").isoformat()
    '0050-01-01T00:00:00+00:00'
    """
    named = _RFC2822_ZONE_NAME.search(text)
    if named is not None:
        offset = RFC2822_ZONES.get(named.group(2).upper())
        if offset is None:
            return None
        text = text[: named.start(2)] + offset
    year_field = _RFC2822_YEAR.match(text)
    if year_field is None or len(year_field.group(1)) > 4:
        return None  # beyond the year 9999
    try:
        parts = parsedate_tz(text)
        if parts is None:
            return None
        # parsedate_tz reads a year below 100 as 19xx/20xx; the year written here decides.
        _, month, day, hour, minute, second = parts[:6]
        offset_seconds = parts[9]
        zone = UTC if offset_seconds is None else timezone(timedelta(seconds=offset_seconds))
        return datetime(rfc2822_year(year_field.group(1)), month, day, hour, minute, second, tzinfo=zone)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def _in_calendar(dt: datetime) -> datetime | None:
    """An aware instant, or ``None`` when UTC cannot hold it (only near the years 1 and 9999)."""
    if 1 < dt.year < 9999:
        return dt
    return dt if in_utc(dt) is not None else None


def _slow_string_instant(text: str) -> datetime | None:
    if _RFC2822_HINT.match(text):
        dt = _rfc2822_instant(text)
        if dt is not None:
            return _in_calendar(dt)
    stripped = text.strip()
    if not stripped or not stripped[0].isdigit():
        return None
    dt = parse_iso(stripped)
    return None if dt is None else _in_calendar(dt)


@dataclass(frozen=True, slots=True)
class Unit:
    """A calendar or clock unit of time expressions and date math: every fact about it, once."""

    name: str                 # canonical: "DAY"
    spellings: tuple[str, ...]  # what users may write (any case)
    suggestion: str           # what a did-you-mean offers: "DAYS"
    approx_seconds: float     # rough length, for sanity checks only (never for evaluation)
    relativedelta_arg: str | None  # calendar arithmetic; None: a plain timedelta


#: Every unit, largest first.
UNITS: tuple[Unit, ...] = (
    Unit("YEAR", ("YEAR", "YEARS"), "YEARS", 365.25 * 86400, "years"),
    Unit("MONTH", ("MONTH", "MONTHS"), "MONTHS", 30.44 * 86400, "months"),
    Unit("WEEK", ("WEEK", "WEEKS"), "WEEKS", 7 * 86400, "weeks"),
    Unit("DAY", ("DAY", "DAYS", "DATE", "DATES"), "DAYS", 86400, "days"),
    Unit("HOUR", ("HOUR", "HOURS"), "HOURS", 3600, "hours"),
    Unit("MINUTE", ("MINUTE", "MINUTES"), "MINUTES", 60, "minutes"),
    Unit("SECOND", ("SECOND", "SECONDS"), "SECONDS", 1, "seconds"),
    Unit("MILLISECOND", ("MILLI", "MILLIS", "MILLISECOND", "MILLISECONDS"), "MILLIS", 0.001, None),
)
_BY_NAME = {u.name: u for u in UNITS}
#: Every spelling of every unit (upper-case), to its canonical name.
UNIT_SPELLINGS: dict[str, str] = {spelling: u.name for u in UNITS for spelling in u.spellings}


def unit_named(text: str) -> str | None:
    """The canonical name of a unit as written (any case), or ``None``.

    >>> unit_named("days"), unit_named("Millis"), unit_named("fortnight")
    ('DAY', 'MILLISECOND', None)
    """
    return UNIT_SPELLINGS.get(text.upper())


def unit_plural(name: str) -> str:
    """How canonical text writes a shift of the unit: ``DAYS``, ``MILLISECONDS``."""
    return name + "S"


#: Shifts that add up to more than this (about 9,000 years) cannot stay within the calendar.
MAX_SPAN_SECONDS = 9000 * 365.25 * 86400


def approx_seconds(steps: tuple[Shift | Round, ...]) -> float:
    """The rough signed length of the shifts in ``steps`` (rounding ignored)."""
    return sum(s.amount * _BY_NAME[s.unit].approx_seconds for s in steps if isinstance(s, Shift))


def span_seconds(steps: tuple[Shift | Round, ...]) -> float:
    """The rough length of every shift in ``steps`` added up, whatever its sign: how far
    the steps travel, so that no step on the way leaves the calendar when this is small.

    >>> span_seconds((Shift(-1, "DAY"), Shift(2, "DAY"), Round("DAY")))
    259200
    """
    return sum(abs(s.amount) * _BY_NAME[s.unit].approx_seconds for s in steps if isinstance(s, Shift))


def _shift(dt: datetime, step: Shift) -> datetime:
    arg = _BY_NAME[step.unit].relativedelta_arg
    if arg is None:
        return dt + timedelta(milliseconds=step.amount)
    delta = relativedelta(**{arg: step.amount})  # type: ignore[arg-type]
    result: datetime = dt + delta
    return result


def _round_down(dt: datetime, unit: str) -> datetime:
    if unit == "YEAR":
        return dt.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "MONTH":
        return dt.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "WEEK":  # ISO weeks start on Monday
        start = dt.replace(hour=0, minute=0, second=0, microsecond=0)
        return start - timedelta(days=start.weekday())
    if unit == "DAY":
        return dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "HOUR":
        return dt.replace(minute=0, second=0, microsecond=0)
    if unit == "MINUTE":
        return dt.replace(second=0, microsecond=0)
    if unit == "SECOND":
        return dt.replace(microsecond=0)
    return dt.replace(microsecond=dt.microsecond - dt.microsecond % 1000)


def evaluate(math: DateMath, now: datetime) -> datetime:
    """The instant ``math`` denotes when the clock reads ``now`` (an aware datetime).

    Steps apply left to right, in UTC, as Solr applies them; months and years are
    calendar arithmetic. Results beyond the representable range are clamped, so
    evaluation never raises.

    >>> from filterengine.ir import DateMath, Shift, Round
    >>> now = datetime(2024, 3, 31, 15, 30, tzinfo=UTC)
    >>> evaluate(DateMath(None, (Shift(-1, "MONTH"),)), now).isoformat()
    '2024-02-29T15:30:00+00:00'
    >>> evaluate(DateMath(None, (Shift(-7, "DAY"), Round("DAY"))), now).isoformat()
    '2024-03-24T00:00:00+00:00'
    """
    start = math.anchor if math.anchor is not None else now
    dt = in_utc(start)
    if dt is None:  # an anchor UTC cannot hold: the calendar's end it lies beyond
        dt = MIN_INSTANT if start.year == 1 else MAX_INSTANT
    for step in math.steps:
        try:
            if isinstance(step, Shift):
                dt = _shift(dt, step)
            else:
                dt = _round_down(dt, step.unit)
        except (OverflowError, ValueError):
            positive = isinstance(step, Shift) and step.amount > 0
            dt = MAX_INSTANT if positive else MIN_INSTANT
    return dt

"""The intermediate representation every front end lowers into and every backend runs.

Frozen, slotted dataclasses holding data only: a closed union of node types
(:data:`Node`). Filtersets and ``q`` queries both lower into these nodes; the
backends (``backends/``) give them meaning. Nothing here knows about syntax.

>>> f = Field("status", keys=("status",))
>>> And((Equals(f, ("published",)), Not(IsEmpty(f))))  # doctest: +ELLIPSIS
And(children=(Equals(field=Field(name='status', ...
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Union

__all__ = [
    "Field",
    "Scalar",
    "Shift",
    "Round",
    "DateMath",
    "Bound",
    "And",
    "Or",
    "Not",
    "MatchAll",
    "Equals",
    "ContainsAll",
    "Substring",
    "IsEmpty",
    "Range",
    "Phrase",
    "Wildcard",
    "Fuzzy",
    "Boost",
    "Node",
]

#: A filter value after validation: JSON scalars only.
Scalar = Union[str, int, float, bool]


@dataclass(frozen=True, slots=True)
class Field:
    """Where a record's value is read from and how it compares.

    ``keys`` are top-level keys tried in order (the name as written, then the
    schema's canonical name for an alias); ``path`` is the dotted path tried when
    none of them is present. ``kind`` is ``"dynamic"`` (compare by the record
    value's own type), ``"text"``, ``"keyword"``, ``"number"``, ``"date"`` or
    ``"boolean"``. ``case_insensitive`` makes string comparisons ignore case.
    """

    name: str
    keys: tuple[str, ...]
    path: tuple[str, ...] | None = None
    kind: str = "dynamic"
    case_insensitive: bool = False


@dataclass(frozen=True, slots=True)
class Shift:
    """Add ``amount`` (negative: subtract) of ``unit`` to an instant."""

    amount: int
    unit: str


@dataclass(frozen=True, slots=True)
class Round:
    """Round an instant down to the start of ``unit`` (Solr's ``/DAY``)."""

    unit: str


@dataclass(frozen=True, slots=True)
class DateMath:
    """An instant: ``anchor`` (``None`` = the evaluation's *now*) then ``steps`` in order."""

    anchor: datetime | None
    steps: tuple[Shift | Round, ...] = ()

    @property
    def is_relative(self) -> bool:
        return self.anchor is None


@dataclass(frozen=True, slots=True)
class Bound:
    """One end of a :class:`Range`; ``value`` is a float, a string or a :class:`DateMath`."""

    value: float | str | DateMath
    inclusive: bool = True


@dataclass(frozen=True, slots=True)
class MatchAll:
    """Matches every record."""


@dataclass(frozen=True, slots=True)
class And:
    """All children match (no children: matches everything)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Some child matches (no children: matches nothing)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The exact complement of ``child``."""

    child: Node


@dataclass(frozen=True, slots=True)
class Equals:
    """Some value of the field equals some member of ``values`` (with coercion)."""

    field: Field
    values: tuple[Scalar, ...]


@dataclass(frozen=True, slots=True)
class ContainsAll:
    """Every member of ``values`` equals some value of the field."""

    field: Field
    values: tuple[Scalar, ...]


@dataclass(frozen=True, slots=True)
class Substring:
    """Some value of the field has some member of ``needles`` as a substring."""

    field: Field
    needles: tuple[Scalar, ...]


@dataclass(frozen=True, slots=True)
class IsEmpty:
    """The field is missing, null, ``""`` or ``[]``."""

    field: Field


@dataclass(frozen=True, slots=True)
class Range:
    """Some value of the field, read as ``kind``, lies between the bounds.

    ``kind`` is ``"number"``, ``"date"`` or ``"string"``; a missing bound is open.
    """

    field: Field
    kind: str
    lower: Bound | None
    upper: Bound | None


@dataclass(frozen=True, slots=True)
class Phrase:
    """Some value of the field, split into words, holds ``words`` in order (the q language).

    Values are read as text (NFC, lower-cased, split into words of letters and
    digits with their combining marks; see :mod:`filterengine.runtime.text`). With ``slop`` 0 the words
    are consecutive; otherwise word ``i`` at position ``p_i`` (distinct positions)
    needs ``max(p_i - i) - min(p_i - i) <= slop``. One word: that word occurs. No
    words: matches nothing.
    """

    field: Field
    words: tuple[str, ...]
    slop: int = 0


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A word (``tokenized``) or the whole value's string form matches ``pattern``.

    ``*`` matches any run of characters, ``?`` one character, and a backslash makes
    the next character literal. Lowering decides the text mode once: ``tokenized``
    (``text`` fields) compares each word, ``folded`` compares lower-cased text (the
    pattern is then already folded).
    """

    field: Field
    pattern: str
    tokenized: bool = False
    folded: bool = False


@dataclass(frozen=True, slots=True)
class Fuzzy:
    """A word (``tokenized``) or the whole value is within ``distance`` edits of ``term``.

    Edits are insertions, deletions, substitutions and swaps of neighbours
    (Damerau-Levenshtein, as Lucene); the text mode is recorded as for :class:`Wildcard`.
    """

    field: Field
    term: str
    distance: int
    tokenized: bool = False
    folded: bool = False


@dataclass(frozen=True, slots=True)
class Boost:
    """``child`` with a relevance boost (``^2``): kept for tools, no effect on matching."""

    child: Node
    factor: float


Node = Union[MatchAll, And, Or, Not, Equals, ContainsAll, Substring, IsEmpty, Range, Phrase, Wildcard, Fuzzy, Boost]

"""runtime/values.py: which strings are numbers (the rule every backend, sort and loader reads)."""

from __future__ import annotations

import itertools
import math
import re

from hypothesis import given
from hypothesis import strategies as st

from filterengine.runtime.values import _NUMERIC, to_number

#: The rule written plainly: the same strings, read by trying every split of a run of digits
#: between ``\d+`` and ``\d*`` (quadratic in the length of a string that is not a number).
_PLAIN = re.compile(r"[^\S\x1c-\x1f]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[^\S\x1c-\x1f]*\Z")
_ALPHABET = " \t+-.eE19x\u0661_"
#: Characters where float() and str.isspace() differ or that float() treats specially.
_EDGES = " \t\n\x0b\x1c\x1f\x85\xa0\u2028\u3000+-.eE05\u0661_naifINF"


def _as_float_reads(text: str) -> float | None:
    """The definition: what float() reads, when finite and written without "_" digit groups."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and "_" not in text else None


def test_every_short_string_reads_as_the_plain_rule_reads_it() -> None:
    for size in range(5):
        for chars in itertools.product(_ALPHABET, repeat=size):
            text = "".join(chars)
            assert (_NUMERIC.match(text) is None) == (_PLAIN.match(text) is None), text


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_longer_strings_read_as_the_plain_rule_reads_them(text: str) -> None:
    assert (_NUMERIC.match(text) is None) == (_PLAIN.match(text) is None)


@given(st.text(alphabet=_EDGES, max_size=12))
def test_numbers_are_what_float_reads(text: str) -> None:
    # Found by the ci hypothesis profile: "0\x1f" matched and float() refused it, so evaluation raised.
    assert to_number(text) == _as_float_reads(text)


def test_long_strings_that_are_almost_numbers() -> None:
    # Found by fuzzing: the plain rule took 2 s on 5,000 digits and a letter (tests/hostile bounds the time).
    assert to_number("9" * 50_000 + "x") is None
    assert to_number(" " * 50_000 + "x") is None
    assert to_number("1." + "5" * 50_000 + "e") is None
    assert to_number("9" * 50_000 + " ") is None  # a number, but beyond a double: not finite
    assert to_number(" " * 50_000 + "7" + " " * 50_000) == 7

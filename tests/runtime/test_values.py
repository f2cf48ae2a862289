"""runtime/values.py: which strings are numbers (the rule every backend, sort and loader reads)."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from filterengine.runtime.values import _NUMERIC, to_number

#: The rule as first written: the same strings, read by trying every split of a run of digits
#: between ``\d+`` and ``\d*`` (quadratic in the length of a string that is not a number).
_PLAIN = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*\Z")
_ALPHABET = " \t+-.eE19x\u0661_"


def test_every_short_string_reads_as_the_plain_rule_reads_it() -> None:
    for size in range(5):
        for chars in itertools.product(_ALPHABET, repeat=size):
            text = "".join(chars)
            assert (_NUMERIC.match(text) is None) == (_PLAIN.match(text) is None), text


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_longer_strings_read_as_the_plain_rule_reads_them(text: str) -> None:
    assert (_NUMERIC.match(text) is None) == (_PLAIN.match(text) is None)


def test_long_strings_that_are_almost_numbers() -> None:
    # Found by fuzzing: the plain rule took 2 s on 5,000 digits and a letter (tests/hostile bounds the time).
    assert to_number("9" * 50_000 + "x") is None
    assert to_number(" " * 50_000 + "x") is None
    assert to_number("1." + "5" * 50_000 + "e") is None
    assert to_number("9" * 50_000 + " ") is None  # a number, but beyond a double: not finite
    assert to_number(" " * 50_000 + "7" + " " * 50_000) == 7

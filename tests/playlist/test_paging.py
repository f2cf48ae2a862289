"""limit and offset: which applies, what is invalid, and that only one page is held."""

from __future__ import annotations

import weakref

import pytest

import filterengine as fe
from filterengine.playlist.paging import DEFAULT_LIMIT, select_page

from .helpers import dynamic, ids

CLIPS = [{"id": str(i)} for i in range(1, 41)]  # default order: id desc, 40 .. 1


def test_default_limit_is_15(backend):
    page = fe.preview(dynamic(), CLIPS, backend=backend)
    assert DEFAULT_LIMIT == 15 and page.limit == 15
    assert ids(page) == [str(i) for i in range(40, 25, -1)] and page.total == 40


def test_cliplist_limit_applies(backend):
    assert ids(fe.preview(dynamic(limit=3), CLIPS, backend=backend)) == ["40", "39", "38"]


def test_limit_argument_wins_over_the_cliplist(backend):
    assert ids(fe.preview(dynamic(limit=3), CLIPS, limit=2, backend=backend)) == ["40", "39"]


def test_offset_skips_and_defaults_to_zero(backend):
    page = fe.preview(dynamic(limit=3), CLIPS, offset=3, backend=backend)
    assert ids(page) == ["37", "36", "35"] and page.offset == 3 and page.total == 40
    assert fe.preview(dynamic(), CLIPS, backend=backend).offset == 0


def test_offset_past_the_end_gives_an_empty_page_and_the_total(backend):
    page = fe.preview(dynamic(), CLIPS, offset=100, backend=backend)
    assert page.items == [] and page.total == 40


def test_last_partial_page(backend):
    assert ids(fe.preview(dynamic(), CLIPS, offset=38, limit=5, backend=backend)) == ["2", "1"]


def test_limit_zero_counts_without_items(backend):
    page = fe.preview(dynamic(), CLIPS, limit=0, backend=backend)
    assert page.items == [] and page.total == 40


def test_total_counts_matches_before_paging(backend):
    cliplist = dynamic([{"field": "id", "operator": "isSmallerThan", "value": 9}], limit=4)  # inclusive
    page = fe.preview(cliplist, CLIPS, backend=backend)
    assert page.total == 9 and ids(page) == ["9", "8", "7", "6"]


@pytest.mark.parametrize("name", ["limit", "offset"])
@pytest.mark.parametrize("bad", [-1, 1.5, "10", True, [3]])
def test_negative_or_non_integer_limit_and_offset_are_errors(backend, name, bad):
    with pytest.raises(fe.FilterEngineError, match=f"{name} must be a non-negative integer"):
        fe.preview(dynamic(), CLIPS, backend=backend, **{name: bad})


def test_a_bad_cliplist_limit_is_reported_at_its_pointer(backend):
    with pytest.raises(fe.FiltersetError) as err:
        fe.preview(dynamic(limit=-5), CLIPS, backend=backend)
    assert [p.path for p in err.value.problems] == ["/limit"]


class Clip(dict):
    """A dict that can be weakly referenced, to count how many clips are alive."""

    __hash__ = object.__hash__  # type: ignore[assignment]


def _watched_catalog(count, alive, peak):
    for i in range(count):
        clip = Clip(id=str((i * 7919) % count), views=i % 13)
        alive.add(clip)
        peak[0] = max(peak[0], len(alive))
        yield clip
        del clip


@pytest.mark.parametrize("offset, limit", [(0, 15), (20, 10)])
def test_memory_grows_with_offset_plus_limit_not_the_catalog(backend, offset, limit):
    alive: weakref.WeakSet = weakref.WeakSet()
    peak = [0]
    page = fe.preview(dynamic(), _watched_catalog(5000, alive, peak), sort="views desc, id",
                      offset=offset, limit=limit, backend=backend)
    assert page.total == 5000 and len(page.items) == limit
    # The page being built, plus the clip in hand and the one being compared.
    assert peak[0] <= offset + limit + 2


def test_select_page_keeps_input_order_on_ties():
    items = [("a", 1), ("b", 0), ("c", 1), ("d", 0)]
    assert select_page(iter(items), key=lambda t: t[1], offset=0, limit=3) == ([("b", 0), ("d", 0), ("a", 1)], 4)

"""Sort specs and the order they give, through fe.preview on both backends."""

from __future__ import annotations

import random

import pytest

import filterengine as fe
from filterengine.playlist.sorting import DEFAULT_SORT, parse_sort

from .helpers import NOW, dynamic, ids

EVERYTHING = dynamic()


def order(clips, sort=None, backend="python", cliplist=EVERYTHING, **kw):
    return ids(fe.preview(cliplist, clips, now=NOW, sort=sort, limit=len(clips) or 1, backend=backend, **kw))


# -- parsing ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("id", [("id", False)]),
        ("id asc", [("id", False)]),
        ("id DESC", [("id", True)]),
        ("  views  Desc ,title ", [("views", True), ("title", False)]),
        ("publisheddate desc, id asc, title", [("publisheddate", True), ("id", False), ("title", False)]),
    ],
)
def test_sort_specs_parse(text, expected):
    spec = parse_sort(text)
    assert [(k.field.name, k.descending) for k in spec.keys] == expected


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_no_sort_means_id_desc(blank):
    assert str(parse_sort(blank)) == str(parse_sort(DEFAULT_SORT)) == "id desc"


@pytest.mark.parametrize(
    "text, message",
    [
        ("id down", "direction must be asc or desc, not 'down'"),
        ("id,,title", "empty key"),
        ("id desc,", "empty key"),
        ("id desc title", "has 3 words"),
    ],
)
def test_bad_sort_specs_are_errors(text, message):
    with pytest.raises(fe.FilterEngineError, match=message):
        parse_sort(text)


def test_aliases_go_through_the_schema():
    field = parse_sort("published_date desc").keys[0].field
    assert field.kind == "date" and "publisheddate" in field.keys


def test_bad_sort_argument_raises_from_preview(backend):
    with pytest.raises(fe.FilterEngineError, match="invalid sort 'id sideways'"):
        fe.preview(EVERYTHING, [], sort="id sideways", backend=backend)


def test_bad_cliplist_sort_is_a_filterset_error_with_its_pointer(backend):
    with pytest.raises(fe.FiltersetError) as err:
        fe.preview(dynamic(sort="id sideways"), [], backend=backend)
    assert [p.path for p in err.value.problems] == ["/sort"]
    shaped = {"listtype": "dynamic", "filters": {"sort": "a,,b"}}
    with pytest.raises(fe.FiltersetError) as err:
        fe.preview(shaped, [], backend=backend)
    assert [p.path for p in err.value.problems] == ["/filters/sort"]


# -- which sort applies -------------------------------------------------------

CLIPS = [
    {"id": "3", "views": 10, "title": "b"},
    {"id": "10", "views": 30, "title": "c"},
    {"id": "2", "views": 20, "title": "a"},
]


def test_default_is_id_desc_numerically(backend):
    assert order(CLIPS, backend=backend) == ["10", "3", "2"]


def test_cliplist_sort_applies(backend):
    assert order(CLIPS, cliplist=dynamic(sort="views desc"), backend=backend) == ["10", "2", "3"]


def test_sort_beside_object_shaped_filtersets_applies(backend):
    shaped = {"listtype": "dynamic", "filters": {"0": {"filters": []}, "sort": "title"}}
    assert order(CLIPS, cliplist=shaped, backend=backend) == ["2", "3", "10"]


def test_cliplist_sort_wins_over_the_one_beside_filtersets(backend):
    shaped = {"listtype": "dynamic", "sort": "views", "filters": {"sort": "title"}}
    assert order(CLIPS, cliplist=shaped, backend=backend) == ["3", "2", "10"]


def test_sort_argument_overrides_the_cliplist(backend):
    assert order(CLIPS, "title desc", cliplist=dynamic(sort="views desc"), backend=backend) == ["10", "3", "2"]


def test_page_reports_the_sort_it_applied(backend):
    page = fe.preview(dynamic(sort="published_date DESC"), CLIPS, backend=backend)
    assert str(page.sort) == "published_date desc"


# -- comparison by kind -------------------------------------------------------


def test_numbers_compare_numerically_numeric_strings_included(backend):
    clips = [{"id": "a", "views": 9}, {"id": "b", "views": "10"}, {"id": "c", "views": 2.5}, {"id": "d", "views": "x"}]
    assert order(clips, "views", backend) == ["c", "a", "b", "d"]  # "x" is unreadable: last
    assert order(clips, "views desc", backend) == ["b", "a", "c", "d"]


def test_integer_string_ids_compare_numerically(backend):
    clips = [{"id": i} for i in ["9", "100", "10", "1000001", "99"]]
    assert order(clips, "id", backend) == ["9", "10", "99", "100", "1000001"]
    assert order(clips, "id desc", backend) == ["1000001", "100", "99", "10", "9"]


def test_integer_strings_and_json_numbers_mix_numerically_on_keywords(backend):
    clips = [{"id": "12"}, {"id": 3}, {"id": "7"}]
    assert order(clips, "id", backend) == [3, "7", "12"]


def test_other_strings_compare_exactly_after_integers_on_keywords(backend):
    clips = [{"id": "b"}, {"id": "10"}, {"id": "B"}, {"id": "9"}, {"id": "a"}]
    assert order(clips, "id", backend) == ["9", "10", "B", "a", "b"]
    assert order(clips, "id desc", backend) == ["b", "a", "B", "10", "9"]


def test_status_keyword_compares_exactly(backend):
    clips = [{"id": "1", "status": "draft"}, {"id": "2", "status": "Published"}, {"id": "3", "status": "archived"}]
    assert order(clips, "status", backend) == ["2", "3", "1"]


def test_text_compares_case_insensitively(backend):
    clips = [{"id": "1", "title": "banana"}, {"id": "2", "title": "Apple"}, {"id": "3", "title": "cherry"}]
    assert order(clips, "title", backend) == ["2", "1", "3"]
    assert order(clips, "title_cistr desc", backend) == ["3", "1", "2"]


def test_dates_compare_as_instants_across_formats(backend):
    clips = [
        {"id": "rfc", "publisheddate": "Thu, 19 Nov 2026 11:30:00 +0100"},  # 10:30Z
        {"id": "iso", "publisheddate": "2026-11-19T10:00:00Z"},
        {"id": "offset", "publisheddate": "2026-11-19T12:15:00+02:00"},  # 10:15Z
        {"id": "fraction", "publisheddate": "2026-11-19T10:45:00.500Z"},
        {"id": "day", "publisheddate": "2026-11-19"},
        {"id": "epoch", "publisheddate": 1795000000},  # 2026-11-18
    ]
    assert order(clips, "publisheddate", backend) == ["epoch", "day", "iso", "offset", "rfc", "fraction"]
    assert order(clips, "published_date desc", backend) == ["fraction", "rfc", "offset", "iso", "day", "epoch"]


def test_unknown_fields_compare_dates_as_instants_and_numbers_numerically(backend):
    clips = [
        {"id": "1", "created_at": "2026-11-19T12:00:00+02:00"},  # 10:00Z
        {"id": "2", "created_at": "2026-11-19T09:00:00Z"},
        {"id": "3", "created_at": "2026-11-19T11:00:00Z"},
    ]
    assert order(clips, "created_at desc", backend) == ["3", "1", "2"]
    numbers = [{"id": "a", "rank": "10"}, {"id": "b", "rank": 9}, {"id": "c", "rank": "x"}, {"id": "d", "rank": True}]
    assert order(numbers, "rank", backend) == ["d", "b", "a", "c"]  # booleans, numbers, then other strings


def test_booleans_on_a_boolean_field(backend):
    schema = fe.Schema({"featured": fe.FieldSpec("boolean")})
    clips = [{"id": "1", "featured": "true"}, {"id": "2", "featured": False}, {"id": "3", "featured": "maybe"}]
    assert order(clips, "featured desc", backend, schema=schema) == ["1", "2", "3"]


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_missing_null_empty_and_unreadable_values_come_last_both_ways(backend, direction):
    clips = [
        {"id": "missing"},
        {"id": "late", "publisheddate": "2026-11-19T10:00:00Z"},
        {"id": "null", "publisheddate": None},
        {"id": "garbage", "publisheddate": "soon"},
        {"id": "early", "publisheddate": "2026-11-01T10:00:00Z"},
        {"id": "empty-list", "publisheddate": []},
    ]
    got = order(clips, f"publisheddate {direction}", backend)
    present = ["early", "late"] if direction == "asc" else ["late", "early"]
    assert got == present + ["missing", "null", "garbage", "empty-list"]  # the rest keep catalog order


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_ties_keep_catalog_order_both_ways(backend, direction):
    clips = [{"id": str(i), "status": "published" if i % 2 else "draft"} for i in range(8)]
    got = order(clips, f"status {direction}", backend)
    drafts, published = ["0", "2", "4", "6"], ["1", "3", "5", "7"]
    assert got == (drafts + published if direction == "asc" else published + drafts)


def test_later_keys_break_ties(backend):
    clips = [{"id": "1", "views": 5, "title": "b"}, {"id": "2", "views": 7, "title": "a"},
             {"id": "3", "views": 5, "title": "a"}, {"id": "4", "views": 7, "title": "c"}]
    assert order(clips, "views desc, title", backend) == ["2", "4", "3", "1"]
    assert order(clips, "views, title desc", backend) == ["1", "3", "4", "2"]


def test_list_fields_sort_by_their_first_value(backend):
    clips = [{"id": "1", "cat": ["sport", "news"]}, {"id": "2", "cat": ["culture"]}, {"id": "3", "cat": [None, "art"]},
             {"id": "4", "cat": []}]
    assert order(clips, "catSort", backend) == ["3", "2", "1", "4"]


def test_records_that_are_not_objects_never_raise(backend):
    page = fe.preview(EVERYTHING, [{"id": "1"}, ["not", "a", "clip"], None, {"id": "2"}], sort="title", backend=backend)
    assert page.total == 2 and ids(page) == ["1", "2"]  # entries that are not objects are not clips


@pytest.mark.parametrize("seed", range(5))
def test_order_equals_a_full_stable_sort(backend, seed):
    rng = random.Random(seed)
    clips = [{"id": str(rng.randrange(50)), "views": rng.choice([None, 1, 2, "3", "x"]),
              "title": rng.choice(["a", "B", None])} for _ in range(60)]
    spec = parse_sort("views desc, title")
    expected = [c["id"] for c in sorted(clips, key=spec.key)]
    for offset, limit in [(0, 7), (5, 10), (55, 10), (0, 60)]:
        page = fe.preview(EVERYTHING, clips, sort="views desc, title", offset=offset, limit=limit, backend=backend)
        assert ids(page) == expected[offset:offset + limit]
        assert page.total == 60


LONG = "9" * 5000


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_ids_of_any_length_sort_as_numbers(backend):
    clips = [{"id": "2"}, {"id": LONG}, {"id": "-" + LONG}, {"id": 10 ** 5000}, {"id": "10"}, {"id": "x"}]
    # on a keyword field numbers rank before other strings, so "x" comes first in descending order
    assert order(clips, backend=backend) == ["x", 10 ** 5000, LONG, "10", "2", "-" + LONG]
    assert order(clips, "id asc", backend=backend) == ["-" + LONG, "2", "10", LONG, 10 ** 5000, "x"]
    assert order([{"id": 1, "x": LONG}, {"id": 2, "x": "3"}], "x desc", backend=backend) == [1, 2]


@pytest.mark.parametrize("field", ["views", "x"])
def test_infinities_and_unreadable_dates_sort_last(field):
    clips = [{"id": 1, field: float("inf")}, {"id": 2, field: 3}, {"id": 3, field: float("nan")}, {"id": 4, field: -1}]
    assert order(clips, f"{field} desc") == [2, 4, 1, 3]
    dates = [{"id": 1, "publisheddate": 10 ** 400}, {"id": 2, "publisheddate": "2024-01-01"}, {"id": 3, "publisheddate": 1e300}]
    assert order(dates, "publisheddate desc") == [2, 1, 3]


def test_a_sort_that_is_not_a_string_is_ours():
    for bad in (5, ["id"], {"id": "desc"}, True):
        with pytest.raises(fe.FilterEngineError, match="sort must be a string"):
            order([{"id": 1}], bad)

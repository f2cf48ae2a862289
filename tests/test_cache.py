"""The compile cache: equal input gives one shared predicate; it stays bounded; errors are not cached."""

from __future__ import annotations

import threading

import pytest

import filterengine as fe
from filterengine import cache

NEWS = [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}]


def test_equal_filters_share_one_predicate():
    first = fe.compile_filters(NEWS, now="2024-05-10T00:00:00Z")
    again = fe.compile_filters([{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}],
                               now="2024-05-10T00:00:00+00:00")
    assert again is first


@pytest.mark.parametrize("change", [
    {"now": "2024-05-11T00:00:00Z"}, {"backend": "reference"}, {"q": "title:x"}, {"default_operator": "AND", "q": "a b"},
    {"schema": {"fields": {"cat": {"kind": "text"}}}},
])
def test_any_difference_compiles_anew(change):
    base = fe.compile_filters(NEWS, now="2024-05-10T00:00:00Z")
    other = fe.compile_filters(NEWS, **{"now": "2024-05-10T00:00:00Z", **change})
    assert other is not base


def test_values_that_compare_equal_in_python_but_differ_in_json_are_kept_apart():
    one = fe.compile_filters([{"filters": [{"field": "f", "operator": "is", "value": 1}]}])
    true = fe.compile_filters([{"filters": [{"field": "f", "operator": "is", "value": True}]}])
    assert one is not true and one({"f": 1}) and not true({"f": 1})


def test_queries_share_one_predicate():
    assert fe.compile_query("title:derby -status:draft") is fe.compile_query("title:derby -status:draft")
    assert fe.compile_query("a b", default_operator="AND") is not fe.compile_query("a b")


def test_schema_objects_are_keys_by_value():
    schema = fe.Schema({"league": fe.FieldSpec("keyword", case_insensitive=True)})
    same = fe.Schema({"league": fe.FieldSpec("keyword", case_insensitive=True)})
    assert fe.compile_query("league:x", schema=schema) is fe.compile_query("league:x", schema=same)


def test_errors_are_not_cached():
    bad = [{"filters": [{"field": "d", "operator": "isInTheLast", "value": "7DAYZ"}]}]
    for _ in range(2):
        with pytest.raises(fe.FiltersetError):
            fe.compile_filters(bad)


def test_non_json_input_is_compiled_every_time():
    class Weird(list):
        pass

    value = Weird(["news"])
    filters = [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": value}]}]
    assert cache.json_key({"x": object()}) is None
    assert fe.compile_filters(filters)({"cat": ["news"]})


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    cache.clear()
    preds = [fe.compile_query(f"title:w{i}") for i in range(5)]
    assert len(cache._entries) == 3
    assert fe.compile_query("title:w4") is preds[4]      # recent: kept
    assert fe.compile_query("title:w0") is not preds[0]  # oldest: evicted, compiled anew


def test_threads_compiling_the_same_input_get_working_predicates():
    cache.clear()
    results: list[tuple[int, fe.Predicate]] = []

    def work() -> None:
        for i in range(50):
            results.append((i % 7, fe.compile_query(f"cat:c{i % 7}")))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 400
    assert all(p({"cat": [f"c{i}"]}) and not p({"cat": [f"c{i + 1}"]}) for i, p in results)

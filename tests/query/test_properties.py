"""Contracts of the q language, stated as properties.

- totality: any text parses or raises QuerySyntaxError with a position inside it;
- round trip: ``parse_query(format_query(n)) == n`` for every query that parses;
- agreement: both backends (and the canonical text) select the same records.
"""

from __future__ import annotations

import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filterengine as fe
from filterengine.syntax.query_lexer import MAX_NESTING

from .strategies import queries, records

NOW = "2024-05-10T12:00:00Z"
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like queries: the characters the syntax cares about, and words.
query_alphabet = st.one_of(
    st.sampled_from(list('+-&|!(){}[]^"~*?:\\/ \t\n') + ["AND", "OR", "NOT", "TO", "&&", "||", "/*", "*/", "NOW",
                                                          "title", "views", "status", "2024-03-02T08:15:00Z",
                                                          "1", "a", "ä", "*:*"]),
    st.text(max_size=2),
)
query_like = st.lists(query_alphabet, max_size=16).map("".join)


def _parse_or_error(text: str) -> fe.ir.Node | None:  # type: ignore[name-defined]
    try:
        return fe.parse_query(text)
    except fe.QuerySyntaxError as err:
        assert 0 <= err.position <= len(text)
        assert err.line >= 1 and err.column >= 1
        assert "__ANON" not in str(err) and "$END" not in str(err)
        return None


@FAST
@given(st.one_of(st.text(max_size=30), query_like))
def test_any_text_parses_or_raises_a_positioned_error(text: str) -> None:
    node = _parse_or_error(text)
    if node is not None:
        canonical = fe.format_query(node)
        assert fe.parse_query(canonical) == node


@FAST
@given(queries)
def test_grammar_generated_queries_round_trip(query: str) -> None:
    node = fe.parse_query(query)
    canonical = fe.format_query(node)
    assert fe.parse_query(canonical) == node
    assert fe.parse_query(canonical, default_operator="AND") == node
    assert fe.format_query(fe.parse_query(canonical)) == canonical


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries, st.lists(records, min_size=1, max_size=6), st.sampled_from(["OR", "AND"]))
def test_backends_agree_on_random_queries(query: str, batch: list[dict], operator: str) -> None:
    fast = fe.compile_query(query, now=NOW, default_operator=operator, backend="python")
    oracle = fe.compile_query(query, now=NOW, default_operator=operator, backend="reference")
    canonical = fe.format_query(fe.parse_query(query, default_operator=operator))
    again = fe.compile_query(canonical, now=NOW, backend="python")
    for record in batch:
        expected = oracle(record)
        assert fast(record) == expected, (query, record)
        assert again(record) == expected, (canonical, record)


def _deep_inputs() -> list[str]:
    n = 10_000
    return [
        "(" * n + "a" + ")" * n,
        "(" * n,
        ")" * n,
        "NOT " * n + "a",
        "!" * n + "a",
        "-(" * n + "a" + ")" * n,
        "title:(" * n + "a" + ")" * n,
        "+(" * n,
        "[" * n,
        '"' * (n + 1),
        "a:" * n,
        "\\" * (2 * n + 1),
    ]


def test_deep_nesting_is_a_limit_error_not_a_recursion_error() -> None:
    longer = fe.Limits(query_length=100_000)  # so that the nesting, not the length, is over the limit
    for text in _deep_inputs():
        try:
            fe.parse_query(text, limits=longer)  # returns, or raises one of ours, never RecursionError
        except fe.QuerySyntaxError as err:
            assert 0 <= err.position <= len(text)
        except fe.LimitExceededError as err:
            assert err.limit == "depth" and err.position is not None and 0 <= err.position <= len(text)
    try:
        fe.parse_query("(" * 10_000 + "a" + ")" * 10_000, limits=longer)
    except fe.LimitExceededError as err:
        assert (err.limit, err.maximum, err.actual, err.position) == ("depth", MAX_NESTING, MAX_NESTING + 1, MAX_NESTING)
        assert "nested too deep" in str(err)
    else:
        raise AssertionError("10,000 nested parentheses were accepted")


def test_the_deepest_allowed_queries_run_on_both_backends() -> None:
    half, third = MAX_NESTING // 2, MAX_NESTING // 3
    shapes = [  # each at (or just under) the limit: NOT, +, - and "(" count one level each
        "(" * MAX_NESTING + "a" + ")" * MAX_NESTING,
        "".join(f"x{i} AND NOT (y{i} OR (" for i in range(third)) + "z" + "))" * third,
        "".join(f"-(a{i} b{i} " for i in range(half)) + "z" + ")" * half,
        "".join("a OR NOT title:(b AND NOT status:(" for _ in range(half // 2)) + "z" + "))" * (half // 2),
        "NOT " * MAX_NESTING + "a",
    ]
    for query in shapes:
        for backend in ("python", "reference"):
            pred = fe.compile_query(query, now=NOW, backend=backend)
            pred({"title": "z a"})
        node = fe.parse_query(query)
        assert fe.parse_query(fe.format_query(node)) == node


def test_long_flat_queries_are_fine() -> None:
    more = fe.Limits(clauses=2000, query_length=20_000)
    query = " ".join(f"w{i}" for i in range(2000))
    pred = fe.compile_query(query, limits=more)
    assert pred({"title": "w1999"}) and not pred({"title": "w2000"})
    assert fe.compile_query(" AND ".join(["a"] * 2000), limits=more)({"cat": ["a"]})


def test_parser_is_shared_between_threads() -> None:
    texts = ['title:"harbour at dawn"~2 -status:draft', "views:[10 TO *] AND publisheddate:[NOW-7DAYS TO NOW]",
             "foot* OR roam~1", "(a OR b)^2 c", "a AND AND b", "title:"]
    expected = {t: _outcome(t) for t in texts}
    failures: list[str] = []

    def work() -> None:
        for _ in range(200):
            for t in texts:
                if _outcome(t) != expected[t]:
                    failures.append(t)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def _outcome(text: str) -> object:
    try:
        return fe.parse_query(text)
    except fe.QuerySyntaxError as err:
        return (err.position, err.reason)

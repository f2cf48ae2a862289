"""Hypothesis strategies: queries generated from the grammar, and records for them."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = ["harbour", "Dawn", "goal", "late", "foam", "roam", "at", "x1", "2024", "news", "sport",
         "published", "draft", "ä", "Straße", "İstanbul", "a-b", "AND", "or"]
ESCAPED = [r"AT\&T", r"a\:b", r"\-5", r"x\ y", r"\*", r"wh\?", r"\AND", r"a\\b"]
PATTERNS = ["har*", "*our", "d?wn", "*", "g*l", "n?ws", "?"]
NUMBERS = ["0", "5", "50", "100", "250", "2.5", "1e2", r"\-3"]
DATES = ["2024-05-03T12:00:00Z", "2024-05-01", "NOW", "NOW-7DAYS", "NOW-1MONTH/DAY", "2024-01-01T00:00:00Z+1MONTH"]

# name -> kind in the platform schema ("unknown" is not in it)
FIELDS = {"title": "text", "description": "text", "status": "keyword", "cat": "keyword",
          "views": "number", "publisheddate": "date", "x": "unknown", "statusSort": "keyword"}


def _quote(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', "") for w in words) + '"'


words = st.sampled_from(WORDS)
suffix = st.sampled_from(["", "", "", "^2", "^0.5"])


@st.composite
def text_value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["word", "word", "escaped", "pattern", "phrase", "fuzzy", "range"]))
    if kind == "word":
        value = draw(words)
        if value in ("AND",):
            value = "\\" + value
    elif kind == "escaped":
        value = draw(st.sampled_from(ESCAPED))
    elif kind == "pattern":
        value = draw(st.sampled_from(PATTERNS))
    elif kind == "phrase":
        value = _quote(draw(st.lists(words, min_size=0, max_size=3))) + draw(st.sampled_from(["", "~1", "~3"]))
    elif kind == "fuzzy":
        value = draw(st.sampled_from(["roam", "goal", "dawn", "news"])) + draw(st.sampled_from(["~", "~0", "~1", "~2"]))
    else:
        low, high = draw(words), draw(words)
        value = f"[{low.replace('AND', 'a')} TO {high.replace('AND', 'z')}]"
    return value + draw(suffix)


@st.composite
def number_value(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(NUMBERS)) + draw(suffix)
    low = draw(st.sampled_from(NUMBERS + ["*"])).replace("\\", "")
    high = draw(st.sampled_from(NUMBERS + ["*"])).replace("\\", "")
    return f"{draw(st.sampled_from('[{'))}{low} TO {high}{draw(st.sampled_from(']}'))}" + draw(suffix)


@st.composite
def date_value(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return '"' + draw(st.sampled_from(DATES)) + '"'
    low, high = draw(st.sampled_from(DATES + ["*"])), draw(st.sampled_from(DATES + ["*"]))
    return f"{draw(st.sampled_from('[{'))}{low} TO {high}{draw(st.sampled_from(']}'))}"


@st.composite
def leaf(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from([None, None] + list(FIELDS)))
    kind = FIELDS.get(field or "", "text")
    value = draw({"number": number_value(), "date": date_value()}.get(kind, text_value()))
    if field is None:
        return value
    if draw(st.integers(0, 9)) == 0:
        return f"{field}:*"
    return f"{field}:{value}"


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"{p[0]} AND {p[1]}"),
        pair.map(lambda p: f"{p[0]} OR {p[1]}"),
        pair.map(lambda p: f"{p[0]} && !{_paren(p[1])}"),
        st.lists(children, min_size=2, max_size=4).map(" ".join),
        children.map(lambda c: f"NOT {_paren(c)}"),
        children.map(lambda c: f"-{_paren(c)}"),
        children.map(lambda c: f"+{_paren(c)}"),
        children.map(lambda c: f"({c})^3"),
        children.map(lambda c: f"title:({c})"),
        children.map(lambda c: f"{c} /* note */"),
        children.map(lambda c: f"*:* -{_paren(c)}"),
    )


def _paren(text: str) -> str:
    return f"({text})"


queries = st.recursive(leaf(), _combine, max_leaves=8)

# Records: text with punctuation and case, keyword lists, numbers as numbers or strings, dates.
TEXTS = ["Harbour at dawn", "Dawn at the harbour", "Late GOAL: 2-1", "the foam party", "Straße in İstanbul",
         "ä b c", "", "news", "AT&T", "roaming", "x1 x1 x1"]
record_values = {
    "title": st.one_of(st.sampled_from(TEXTS), st.lists(st.sampled_from(TEXTS), max_size=2), st.none(), st.integers(0, 3)),
    "description": st.one_of(st.sampled_from(TEXTS), st.none()),
    "status": st.sampled_from(["published", "PUBLISHED", "draft", "", None, 1]),
    "cat": st.one_of(st.lists(st.sampled_from(["news", "sport", "AT&T", "a b", "x1"]), max_size=3), st.sampled_from(["news", None])),
    "views": st.one_of(st.integers(-5, 300), st.sampled_from(["250", "2.5", "lots", None, True]), st.floats(0, 300)),
    "publisheddate": st.one_of(st.sampled_from(["2024-05-03T12:00:00Z", "2024-05-09T06:00:00Z", "2024-04-30",
                                                 "not a date", None]), st.integers(1_700_000_000, 1_720_000_000)),
    "x": st.one_of(st.sampled_from(["harbour", "5", "a-b", "2024-05-01", ""]), st.integers(0, 200), st.booleans(), st.none()),
    "statusSort": st.sampled_from(["draft", "published"]),
}
records = st.fixed_dictionaries({}, optional=record_values)

"""The fuzz targets: one function per input surface, ``test_one_input(data: bytes) -> None``.

A target returns normally when filterengine answered (a result, or a
``FilterEngineError``); any other exception is a finding, and so is an
:class:`~targets.oracle.Finding` raised when two ways of computing one answer
disagree (the python and reference backends, a query and its canonical text, the
streaming catalog reader and ``json.loads``).

``TARGETS`` maps each target's name (as ``fuzz/run.py`` and the seed corpora in
``fuzz/corpus/<name>/`` call it) to its module's ``test_one_input``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import catalog, filterset, query, timeexpr

TARGETS: dict[str, Callable[[bytes], None]] = {
    "query": query.test_one_input,
    "timeexpr": timeexpr.test_one_input,
    "filterset": filterset.test_one_input,
    "catalog": catalog.test_one_input,
}

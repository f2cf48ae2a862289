"""docs/engines.md: its Python example runs and prints what it says; the README links it."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "engines.md"


def test_the_examples_run():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(DOC.read_text(encoding="utf-8"), {}, "engines.md", str(DOC), 0)
        result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
    finally:
        os.chdir(cwd)
    assert test.examples and result.failed == 0


def test_the_readme_and_backends_doc_link_it():
    assert "docs/engines.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "engines.md" in (ROOT / "docs" / "backends.md").read_text(encoding="utf-8")

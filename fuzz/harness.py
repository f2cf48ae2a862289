"""Run one fuzz target under atheris and libFuzzer: ``python fuzz/harness.py TARGET [libFuzzer options] [corpus dirs]``.

filterengine and Lark are imported with atheris's coverage instrumentation, so libFuzzer
sees which branches of the parsers, passes and backends an input reaches. Any exception
but a FilterEngineError is a crash: atheris prints its traceback and libFuzzer writes the
input to ``-artifact_prefix``. ``fuzz/run.py`` is the usual way in.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: What the coverage instrumentation covers (a module's dependencies are not worth the slowdown).
INSTRUMENTED = ["filterengine", "lark"]


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit("usage: harness.py TARGET [libFuzzer options] [corpus dirs]")
    name = sys.argv[1]
    with atheris.instrument_imports(include=INSTRUMENTED):
        from targets import TARGETS
    if name not in TARGETS:
        sys.exit(f"unknown target {name!r}; expected one of {', '.join(TARGETS)}")
    atheris.Setup([sys.argv[0], *sys.argv[2:]], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()

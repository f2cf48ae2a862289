"""The fuzz targets of ``fuzz/`` (see fuzz/README.md): findings kept as regressions, and a short run.

- Every file in ``fuzz/regressions/<target>/`` is an input a fuzzer once found; replayed through its
  target in-process, it must give a result or a FilterEngineError, with the backends agreeing.
- ``test_fuzz_targets_find_nothing`` (marker ``fuzz``) runs each target under libFuzzer for
  ``FE_FUZZ_SECONDS`` seconds (default 5; ``.ci/run`` sets 20), two at a time, from the seed corpora,
  and fails on any finding (an exception, a disagreement, a hang past 10 s or 2 GB of memory),
  printing the input and the traceback.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FUZZ = ROOT / "fuzz"
SECONDS = int(os.environ.get("FE_FUZZ_SECONDS", "5"))


def _targets() -> dict[str, Callable[[bytes], None]]:
    spec = importlib.util.spec_from_file_location("fuzz_targets", FUZZ / "targets" / "__init__.py",
                                                  submodule_search_locations=[str(FUZZ / "targets")])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    targets: dict[str, Callable[[bytes], None]] = module.TARGETS
    return targets


TARGETS = _targets()
REGRESSIONS = sorted(p for p in (FUZZ / "regressions").glob("*/*") if p.is_file())


def test_every_regression_belongs_to_a_target() -> None:
    assert {p.parent.name for p in REGRESSIONS} <= set(TARGETS)


@pytest.mark.parametrize("path", REGRESSIONS, ids=[f"{p.parent.name}/{p.name}" for p in REGRESSIONS])
def test_regression_replays_cleanly(path: Path) -> None:
    TARGETS[path.parent.name](path.read_bytes())


def test_seed_corpora_exist_for_every_target() -> None:
    for name in TARGETS:
        assert len(list((FUZZ / "corpus" / name).iterdir())) >= 10, name


@pytest.mark.fuzz
def test_fuzz_targets_find_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, str(FUZZ / "run.py"), "--seconds", str(SECONDS), "--parallel", "2",
         "--work", str(tmp_path / "work"), "--artifacts", str(tmp_path / "findings")],
        capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in TARGETS:
        assert f"\n{name}: " in "\n" + result.stdout, result.stdout

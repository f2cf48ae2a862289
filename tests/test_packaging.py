"""The wheel ships the grammar and works from a fresh virtual environment outside the tree."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import filterengine as fe
from filterengine.syntax.grammars import grammar_location
pred = fe.compile_filters(
    [{"filters": [{"field": "d", "operator": "isInTheLast", "value": "7DAYS 1HOUR"}]}],
    now="2024-05-10T12:00:00Z")
assert pred({"d": "2024-05-03T11:30:00Z"}) and not pred({"d": "2024-05-01T00:00:00Z"})
print(grammar_location("timeexpr.lark"))
"""


@pytest.mark.slow
def test_wheel_installs_and_loads_grammar_from_the_package(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = dist.glob("filterengine-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "filterengine/grammar/timeexpr.lark" in names
    assert "filterengine/py.typed" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, text=True)
    out = subprocess.run([str(python), "-c", CHECK], check=True, capture_output=True, text=True, cwd=tmp_path)
    location = Path(out.stdout.strip())
    assert location.is_relative_to(env_dir), location
    assert location.parts[-2:] == ("grammar", "timeexpr.lark")

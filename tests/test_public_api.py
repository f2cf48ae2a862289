"""The public surface is exactly what we mean to export."""

from __future__ import annotations

import filterengine as fe


def test_core_names_are_exported():
    core = {"compile_filters", "Predicate", "Cliplist", "FilterEngineError", "FiltersetError",
            "TimeExpressionError", "Schema", "FieldSpec", "PLATFORM_SCHEMA", "Problem"}
    assert core <= set(fe.__all__)
    for name in fe.__all__:
        assert hasattr(fe, name), name
    assert not [n for n in fe.__all__ if n.startswith("_")]


def test_error_tree():
    for name in ("FiltersetError", "TimeExpressionError", "QuerySyntaxError"):
        cls = getattr(fe, name)
        assert issubclass(cls, fe.FilterEngineError)
    assert issubclass(fe.FilterEngineError, ValueError)


def test_py_typed_is_shipped():
    from importlib import resources

    assert resources.files("filterengine").joinpath("py.typed").is_file()

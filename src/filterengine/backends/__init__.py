"""Backends give the IR meaning: ``reference`` (the oracle) and ``python`` (compiled)."""

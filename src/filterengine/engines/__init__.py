"""Previews on columnar engines (DuckDB, Polars) scanning catalog files: ``fe.preview(..., engine=...)``."""

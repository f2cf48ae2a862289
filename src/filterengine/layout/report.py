"""What loading records into the table layout did: rows written, values a typed column could not hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["LoadReport"]


@dataclass
class LoadReport:
    """What :func:`filterengine.sql.load`, :func:`filterengine.frames.to_frame` or
    :func:`filterengine.frames.write_parquet` did: ``rows`` written, ``unreadable`` values
    made NULL, by field (``"(record)"`` for a record that is not a JSON object).

    >>> report = LoadReport()
    >>> report.count({"publisheddate": 2}); report.rows = 5
    >>> report.unreadable, report.by_field, report.summary()
    (2, {'publisheddate': 2}, '5 rows; 2 values a typed column could not hold, made null: publisheddate 2')
    """

    rows: int = 0
    unreadable: int = 0
    by_field: dict[str, int] = field(default_factory=dict)

    def count(self, bad: Mapping[str, int]) -> None:
        """Add the counts of one record (or batch) of unreadable values by field."""
        for name, n in bad.items():
            self.unreadable += n
            self.by_field[name] = self.by_field.get(name, 0) + n

    def summary(self) -> str:
        """One line for people: the rows, and the unreadable values by field, most first."""
        rows = f"{self.rows:,} row{'' if self.rows == 1 else 's'}"
        if not self.unreadable:
            return f"{rows}; every value fit its column"
        noun = "value" if self.unreadable == 1 else "values"
        fields = ", ".join(f"{name} {n:,}" for name, n in sorted(self.by_field.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{rows}; {self.unreadable:,} {noun} a typed column could not hold, made null: {fields}"

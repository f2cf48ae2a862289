"""Where the command's text goes: stdout as a pipeline expects it, JSON that is always JSON.

- :func:`write` and :func:`finish` write to stdout. A reader that went away (``| head -1``)
  raises :class:`BrokenPipeError`, which the command answers by stopping quietly with
  status 0, as ``head`` expects; any other failure (a closed stdout, ``/dev/full``) is an
  :class:`OutputError` with the system's reason.
- :func:`warn` writes a message to stderr, and never fails: a message that cannot be
  shown is dropped.
- :func:`json_text` is strict JSON whatever a record holds: ``NaN`` and ``Infinity``
  become ``null`` (as JavaScript's ``JSON.stringify`` does; filterengine reads NaN as empty
  and infinities as not numbers), and a lone surrogate (``"\\ud800"``, which UTF-8 cannot
  encode) is written as its ``\\ud800`` escape, so the text always encodes.

>>> json_text({"a": float("nan"), "b": [float("inf"), "x\\ud800"]})
'{"a": null, "b": [null, "x\\\\ud800"]}'
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import sys
from typing import Any

__all__ = ["OutputError", "json_text", "prepare", "write", "finish", "warn", "silence_stdout"]

_SURROGATE = re.compile("[\ud800-\udfff]")


class OutputError(Exception):
    """stdout cannot be written (closed, full, or an I/O error); the message says why."""


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None (iteratively: nesting is unbounded)."""
    root: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        parent, key = stack.pop()
        item = parent[key]
        if isinstance(item, float) and not math.isfinite(item):
            parent[key] = None
        elif isinstance(item, dict):
            parent[key] = copy = dict(item)
            stack.extend((copy, k) for k in copy)
        elif isinstance(item, (list, tuple)):
            parent[key] = copy_list = list(item)
            stack.extend((copy_list, i) for i in range(len(copy_list)))
    return root[0]


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as strict JSON text; non-ASCII characters as they are when stdout is Unicode."""
    ascii_only = not _unicode_stdout()
    try:
        text = json.dumps(value, ensure_ascii=ascii_only, indent=indent, allow_nan=False)
    except ValueError:  # NaN or an infinity
        text = json.dumps(_finite(value), ensure_ascii=ascii_only, indent=indent, allow_nan=False)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _unicode_stdout() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:  # pragma: no cover - an encoding Python does not know
        return False


def prepare() -> None:
    """Text that stdout's encoding cannot hold is written as escapes (``\\ud800``), not an error."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (OSError, ValueError):  # pragma: no cover - a closed stream
            pass


def _stdout() -> Any:
    if sys.stdout is None:  # started with stdout closed (>&-)
        raise OutputError("cannot write to stdout: it is closed")
    return sys.stdout


def write(text: str) -> None:
    """Write ``text`` to stdout."""
    try:
        _stdout().write(text)
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"cannot write to stdout: {err.strerror or err}") from None
    except UnicodeEncodeError as err:  # an encoding that cannot show the text (PYTHONIOENCODING=ascii)
        raise OutputError(f"cannot write to stdout: {err.reason} in {err.encoding}") from None


def finish() -> None:
    """Flush stdout, so a failure is reported here rather than when Python exits."""
    try:
        _stdout().flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"cannot write to stdout: {err.strerror or err}") from None


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left cannot fail."""
    if sys.stdout is None:
        return
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError):
        pass


def warn(text: str) -> None:
    """Write one line to stderr, if it can be written at all."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass

"""Write a large synthetic JSONL catalog of platform-like clips, streaming (flat memory).

The clips have the shapes of examples/clips.jsonl (same generator): numeric-string
ids, ``cat`` lists and nulls, ISO and RFC 2822 dates, drafts without a
``publisheddate``, "true"/"false" flags. Output goes to benchmarks/data/ (git-ignored).

    python benchmarks/gen_catalog.py                 # 1,000,000 clips -> benchmarks/data/clips-1000000.jsonl
    python benchmarks/gen_catalog.py --clips 100000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "examples"))

from make_catalog import NOW, platform_clip  # noqa: E402

DATA = HERE / "data"


def catalog_path(clips: int) -> Path:
    return DATA / f"clips-{clips}.jsonl"


def generate(clips: int, path: Path | None = None, seed: int = 7) -> Path:
    """Write ``clips`` records to ``path`` (default: benchmarks/data/clips-N.jsonl), one per line."""
    path = path or catalog_path(clips)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    span = 365 * 86400
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for i in range(clips):
            created = NOW - timedelta(seconds=rng.randrange(span))
            clip = platform_clip(rng, 1_000_000 + i, created)
            out.write(json.dumps(clip, ensure_ascii=False, separators=(",", ":")) + "\n")
    partial.replace(path)  # never leave a half-written catalog under the real name
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=1_000_000, help="how many clips (default 1,000,000)")
    parser.add_argument("--out", type=Path, help="output file (default benchmarks/data/clips-N.jsonl)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path = generate(args.clips, args.out)
    size = path.stat().st_size
    print(f"wrote {args.clips:,} clips to {path} ({size / 1e6:,.0f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

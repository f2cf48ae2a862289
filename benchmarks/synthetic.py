"""Synthetic platform-like clip records for benchmarks (deterministic for a seed)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, Iterator

CATEGORIES = ["news", "sport", "football", "tennis", "politics", "weather", "culture", "music", "tech", "local"]
STATUSES = ["published", "published", "published", "draft"]
MEDIATYPES = ["video", "video", "video", "audio", "live"]
USETYPES = ["editorial", "editorial", "commercial", "promo"]
WORDS = "goal match derby storm election concert launch harbour dawn final league cup vote rain city".split()
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def clip(i: int, rng: random.Random) -> dict[str, Any]:
    created = NOW - timedelta(seconds=rng.randrange(0, 90 * 86400))
    status = rng.choice(STATUSES)
    record: dict[str, Any] = {
        "id": str(1_000_000 + i),
        "type": "mediaclip",
        "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize(),
        "description": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 15))),
        "status": status,
        "mediatype": rng.choice(MEDIATYPES),
        "usetype": rng.choice(USETYPES),
        "cat": rng.sample(CATEGORIES, rng.randint(0, 3)) if rng.random() > 0.05 else None,
        "length": rng.randint(5, 3600),
        "views": str(rng.randint(0, 100_000)) if rng.random() < 0.3 else rng.randint(0, 100_000),
        "geoblocked": rng.choice(["true", "false"]),
        "createddate": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updateddate": format_datetime(created + timedelta(hours=rng.randint(0, 48))),
    }
    if status == "published":
        record["publisheddate"] = (created + timedelta(minutes=rng.randint(0, 600))).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return record


def clips(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(n):
        yield clip(i, rng)

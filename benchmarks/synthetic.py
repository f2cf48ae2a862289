"""Synthetic platform-like clip records for benchmarks (deterministic for a seed)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

CATEGORIES = ["news", "sport", "football", "tennis", "politics", "weather", "culture", "music", "tech", "local"]
STATUSES = ["published", "published", "published", "draft"]
MEDIATYPES = ["video", "video", "video", "audio", "live"]
USETYPES = ["editorial", "editorial", "commercial", "promo"]
WORDS = "goal match derby storm election concert launch harbour dawn final league cup vote rain city".split()
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


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


# --- JSON-decoded clips (bench_predicate.py) ---
#
# The fields of /work/shared/bench/predicate_ratio.py's corpus, drawn in the same order from the same
# seed, so its W1-W3 filtersets select the same clips here as there; a second generator adds what the
# older workloads read (category names, views, promo/commercial use types, "vote" in some titles)
# without changing any value those filtersets look at.

CORPUS_NOW = datetime(2025, 6, 1, tzinfo=UTC)
_SPAN_START = datetime(2022, 6, 1, tzinfo=UTC)
_TITLE_WORDS = ("the a of and in on at with for live final finale semifinal finals highlights interview "
                "recap preview news report weather music concert podcast episode trailer review travel "
                "football tennis cycling racing derby cup league goal record show special daily weekly").split()
_TAGS = ("sport news music live breaking update politics economy tech science health culture film "
         "tv kids food travel weather local national international football tennis archive test internal promo").split()
_CAT_IDS = [str(i) for i in range(1, 31)]
_CAT_NAMES = ["news", "politics", "sport", "football", "tennis", "weather", "culture", "music", "tech", "local"]
_PUBS = [str(i) for i in range(101, 109)]


def _iso(d: datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def json_clips(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` clips as a JSON API returns them: decoded by ``json.loads``, ISO ``...Z`` date strings,
    a JSON boolean ``transcodingFinished``, lists of tags, cats and publications, and some records
    without ``publisheddate``, ``tags`` or ``views``. Dates span the three years before CORPUS_NOW."""
    return json.loads(json.dumps(list(iter_json_clips(n, seed))))


def iter_json_clips(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """The clips of :func:`json_clips`, one at a time (before the JSON round trip), for catalogs too large to hold."""
    rng = random.Random(seed)
    extra = random.Random(seed + 1)
    for i in range(n):
        created = _SPAN_START + timedelta(seconds=rng.randrange(3 * 365 * 86400))
        published = created + timedelta(seconds=rng.randrange(3 * 86400))
        rec: dict[str, Any] = {
            "id": str(1_000_000 + i),
            "title": " ".join(rng.choice(_TITLE_WORDS) for _ in range(rng.randint(2, 6))),
            "status": "published" if rng.random() < 0.8 else "draft",
            "mediatype": rng.choices(("video", "audio", "image"), weights=(60, 25, 15))[0],
            "usetype": "advertisement" if rng.random() < 0.15 else "editorial",
            "sourcetype": rng.choice(("upload", "api", "ftp", "live", "youtube")),
            "publication": sorted(rng.sample(_PUBS, rng.randint(1, 3))),
            "cat": rng.sample(_CAT_IDS, rng.randint(0, 6)),
            "tags": list(dict.fromkeys(rng.choices(_TAGS, k=rng.randint(0, 6)))),
            "createddate": _iso(created),
            "publisheddate": _iso(published),
            "transcodingFinished": rng.random() < 0.9,
        }
        if rng.random() < 0.05:
            del rec["publisheddate"]
        if rng.random() < 0.05:
            del rec["tags"]
        # What the older workloads read; nothing W1-W3 look at changes meaning.
        rec["title"] = rec["title"].capitalize() + (" vote" if extra.random() < 0.04 else "")
        if rec["usetype"] == "editorial" and extra.random() < 0.2:
            rec["usetype"] = extra.choice(("commercial", "promo"))
        rec["cat"] += extra.sample(_CAT_NAMES, extra.randint(0, 2))
        roll = extra.random()
        if roll < 0.95:
            views = extra.randint(0, 5_000)
            rec["views"] = str(views) if roll < 0.25 else views
        yield rec

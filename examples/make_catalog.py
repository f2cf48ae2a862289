"""Generate the example catalogs: examples/clips.jsonl and examples/clip-service/clips.json.

Deterministic (seeded), so the committed files are reproducible:

    python examples/make_catalog.py            # rewrites both files
    python examples/make_catalog.py --check    # exits 1 if the committed files differ

The platform catalog mimics the platform's clip records, quirks included: numeric
string ids, ``cat`` as a list (sometimes null, empty or missing), ISO 8601 dates
with ``Z``, offsets and fractions next to RFC 2822 dates, drafts without
``publisheddate``, flags as the strings "true"/"false", lengths that are sometimes
numeric strings, and a nested ``meta`` object on sport clips. Dates cluster
before 2026-11-20T12:00:00Z, the ``--now`` the README uses.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CLIPS = 3000
SEED = 2026

TOPICS: dict[str, dict[str, Any]] = {
    "news": {
        "titles": ["Storm closes {place} harbour", "Council votes on {place} tram line", "Fire at {place} warehouse",
                   "{place} bridge reopens after repairs", "Floods cut off roads near {place}",
                   "Ferry strike hits {place}", "New hospital wing opens in {place}"],
        "cats": ["news", "local", "weather"],
        "tags": ["breaking", "traffic", "weather", "council", "emergency"],
    },
    "politics": {
        "titles": ["Minister visits {place}", "Budget debate: what it means for {place}",
                   "Election night in {place}", "Mayor of {place} answers questions"],
        "cats": ["news", "politics"],
        "tags": ["election", "budget", "interview", "parliament"],
    },
    "sport": {
        "titles": ["{team} beat {team2} in the derby", "Highlights: {team} v {team2}", "{team} sign new striker",
                   "Late goal sinks {team2}", "Interview: {team} coach after the match", "Tennis: {place} Open final"],
        "cats": ["sport", "football", "tennis"],
        "tags": ["highlights", "goals", "interview", "transfer", "betting", "sponsored", "live"],
    },
    "culture": {
        "titles": ["Jazz night at the {place} festival", "Inside the new {place} museum", "Book of the week",
                   "Film review: {place} noir", "Street art tour of {place}"],
        "cats": ["culture", "entertainment"],
        "tags": ["music", "film", "books", "art", "sponsored"],
    },
    "business": {
        "titles": ["Shipyard in {place} wins order", "Markets close higher", "Start-ups of {place}",
                   "Harbour trade figures for {place}"],
        "cats": ["business", "news"],
        "tags": ["markets", "jobs", "economy"],
    },
}
PLACES = ["Rotterdam", "Bergen", "Gdansk", "Porto", "Antwerp", "Kiel", "Aarhus", "Dundee", "Malmo", "Cork"]
TEAMS = ["Harbour FC", "City Rovers", "Northside United", "Dockers", "Athletic Club", "Lions", "Mariners"]
LEAGUES = ["Premier League", "Championship", "Cup", "Women's League"]
TOPIC_WEIGHTS = {"news": 30, "politics": 10, "sport": 30, "culture": 18, "business": 12}


def _date_text(rng: random.Random, when: datetime) -> str:
    """The platform's mixed date formats."""
    roll = rng.random()
    if roll < 0.55:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    if roll < 0.70:
        return when.astimezone(timezone(timedelta(hours=1))).isoformat()
    if roll < 0.80:
        return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"
    return format_datetime(when.astimezone(timezone(timedelta(hours=1))))


def _flag(rng: random.Random, p_true: float) -> Any:
    value = rng.random() < p_true
    roll = rng.random()
    if roll < 0.9:
        return "true" if value else "false"
    if roll < 0.97:
        return value  # a few real JSON booleans
    return None


def platform_clip(rng: random.Random, number: int, created: datetime) -> dict[str, Any]:
    topic = rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]
    spec = TOPICS[topic]
    place, team, team2 = rng.choice(PLACES), *rng.sample(TEAMS, 2)
    title = rng.choice(spec["titles"]).format(place=place, team=team, team2=team2)
    status = "draft" if rng.random() < 0.12 else "published"
    clip: dict[str, Any] = {
        "id": str(number),
        "type": "mediaclip",
        "title": title,
        "description": f"{title}. Report from {place}, {created:%d %B %Y}.",
    }
    roll = rng.random()
    if roll < 0.9:
        clip["cat"] = sorted(set(rng.sample(spec["cats"], rng.randint(1, min(2, len(spec["cats"]))))))
    elif roll < 0.95:
        clip["cat"] = None
    elif roll < 0.97:
        clip["cat"] = []
    clip["tags"] = rng.sample(spec["tags"], rng.randint(0, 3))
    clip["status"] = status
    clip["mediatype"] = "video" if rng.random() < 0.9 else "audio"
    clip["usetype"] = rng.choices(["editorial", "commercial", "promo"], weights=[85, 8, 7])[0]
    clip["sourcetype"] = rng.choice(["upload", "live", "agency"])
    clip["createddate"] = _date_text(rng, created)
    if status == "published":
        published = created + timedelta(minutes=rng.randint(5, 600))
        if rng.random() < 0.01:
            published = NOW + timedelta(hours=rng.randint(2, 72))  # scheduled for later
        clip["publisheddate"] = _date_text(rng, published)
        updated = published + timedelta(minutes=rng.randint(0, 3000))
    else:
        if rng.random() < 0.3:
            clip["publisheddate"] = None
        updated = created + timedelta(minutes=rng.randint(0, 300))
    clip["updateddate"] = _date_text(rng, min(updated, NOW))
    length = rng.randint(20, 900)
    clip["length"] = str(length) if rng.random() < 0.1 else length
    clip["views"] = int(rng.paretovariate(1.2) * 40) if status == "published" else 0
    clip["publication"] = rng.sample(["web", "app", "tv"], rng.randint(1, 3))
    clip["featured"] = _flag(rng, 0.08)
    clip["geoblocked"] = _flag(rng, 0.1)
    clip["createdBy"] = f"editor-{rng.randint(1, 40)}"
    if topic == "sport":
        clip["meta"] = {"league": rng.choice(LEAGUES), "home": team, "away": team2}
    return clip


def platform_catalog(count: int = CLIPS, seed: int = SEED) -> list[dict[str, Any]]:
    """``count`` clips, created over the 120 days before NOW, ids rising with creation."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=120)
    moments = sorted(start + timedelta(seconds=rng.randrange(120 * 86400)) for _ in range(count))
    clips = [platform_clip(rng, 1_000_000 + 7 * i + rng.randrange(7), when) for i, when in enumerate(moments)]
    rng.shuffle(clips)  # catalogs are not stored in any useful order
    return clips


#: Draft ids as the clip service writes them: 32 hexadecimal digits.
DRAFTS = ["0da20367846c53b6a746474d8d308443", "c0b60ca2251200ed149080b27165b4d1", "f77048c27d34c296fde4ac3e99b3a91f"]
COLLECTION_ID = "/clip/draft_info"


def clip_service_catalog(seed: int = SEED) -> dict[str, Any]:
    """A clip service's Collection, as its API document specifies: clips cut from live drafts,
    32-hex-digit ids, ``asset`` a URL string that is ``""`` until ``is_complete`` is true."""
    rng = random.Random(seed + 1)
    items = []
    for _ in range(60):
        clip_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        draft = rng.choices(DRAFTS, weights=[50, 30, 20])[0]
        created = NOW - timedelta(minutes=rng.randint(1, 3 * 24 * 60))
        complete = rng.random() < 0.85
        if complete:
            rng.randint(10, 240)  # a duration the first version drew: kept, so the catalog stays the same
        items.append({
            "@id": f"{COLLECTION_ID}/{clip_id}",
            "@type": "Clip",
            "asset": f"https://media.example.com/clips/{clip_id}.mp4" if complete else "",
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "draft_id": draft,
            "id": clip_id,
            "is_complete": complete,
        })
    return {"@id": COLLECTION_ID, "@type": "Collection", "items": items, "total_items": len(items)}


def render() -> dict[Path, str]:
    lines = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in platform_catalog()]
    service = json.dumps(clip_service_catalog(), ensure_ascii=False, indent=2)
    return {
        HERE / "clips.jsonl": "\n".join(lines) + "\n",
        HERE / "clip-service" / "clips.json": service + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in render().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(HERE.parent)} ({len(text.encode()):,} bytes)")
    if stale:
        print("stale: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

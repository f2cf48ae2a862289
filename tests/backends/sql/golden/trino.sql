-- latest news (examples/playlists/latest-news.json)
SELECT * FROM "clips" WHERE ANY_MATCH("clips"."cat", _v -> (_v IN (?))) AND "clips"."status" = ? AND NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ? AND "clips"."mediatype" = ? ORDER BY "clips"."publisheddate" IS NULL ASC, "clips"."publisheddate" DESC, "clips"."_row" ASC LIMIT ?;
-- params: ["news", "published", "2026-11-13T12:00:00+00:00", "2026-11-20T12:00:00+00:00", "video", 10]
SELECT COUNT(*) FROM "clips" WHERE ANY_MATCH("clips"."cat", _v -> (_v IN (?))) AND "clips"."status" = ? AND NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ? AND "clips"."mediatype" = ?;

-- sport highlights (a flag of no kind: JSON)
-- unsupported: test on a field outside the table layout

-- q: phrase, wildcard, ranges, negation, boolean
SELECT * FROM "clips" WHERE STRPOS(' ' || ARRAY_JOIN("clips"."title__terms", ' ') || ' ', ?) > 0 AND ANY_MATCH("clips"."status__terms", _v -> (REGEXP_LIKE(_v, ?))) AND NOT "clips"."views" IS NULL AND "clips"."views" >= ? AND "clips"."views" < ? AND NOT COALESCE(ANY_MATCH("clips"."cat", _v -> (_v IN (?, ?))), FALSE) AND NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ? AND "clips"."transcodingFinished" = ? ORDER BY "clips"."views" IS NULL ASC, "clips"."views" DESC, "clips"."title__fold" IS NULL ASC, "clips"."title__fold" ASC, "clips"."_row" ASC OFFSET ? LIMIT ?;
-- params: [" late goal ", "^(?s:pub.*)$", 10, 100, "ads", "promo", "2026-11-13T00:00:00+00:00", "2026-11-20T12:00:00+00:00", true, 40, 20]
SELECT COUNT(*) FROM "clips" WHERE STRPOS(' ' || ARRAY_JOIN("clips"."title__terms", ' ') || ' ', ?) > 0 AND ANY_MATCH("clips"."status__terms", _v -> (REGEXP_LIKE(_v, ?))) AND NOT "clips"."views" IS NULL AND "clips"."views" >= ? AND "clips"."views" < ? AND NOT COALESCE(ANY_MATCH("clips"."cat", _v -> (_v IN (?, ?))), FALSE) AND NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ? AND "clips"."transcodingFinished" = ?;

-- filters: contains, isEmpty, containsAllOf, number string
SELECT * FROM "clips" WHERE (STRPOS("clips"."title__fold", ?) > 0 OR ("clips"."description" IS NULL OR "clips"."description" = '')) AND (ANY_MATCH("clips"."tags", _v -> (_v IN (?))) AND ANY_MATCH("clips"."tags", _v -> (_v IN (?)))) AND NOT "clips"."length" IS NULL AND "clips"."length" >= ?;
-- params: ["50% off", "goals", "replay", 30]
SELECT COUNT(*) FROM "clips" WHERE (STRPOS("clips"."title__fold", ?) > 0 OR ("clips"."description" IS NULL OR "clips"."description" = '')) AND (ANY_MATCH("clips"."tags", _v -> (_v IN (?))) AND ANY_MATCH("clips"."tags", _v -> (_v IN (?)))) AND NOT "clips"."length" IS NULL AND "clips"."length" >= ?;

-- fuzzy term
-- unsupported: fuzzy term

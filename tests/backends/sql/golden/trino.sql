-- latest news (examples/playlists/latest-news.json)
SELECT * FROM "clips" WHERE COALESCE(ANY_MATCH("clips"."cat", _v -> (_v IN (?))), FALSE) AND COALESCE("clips"."status" = ?, FALSE) AND COALESCE(NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ?, FALSE) AND COALESCE("clips"."mediatype" = ?, FALSE) ORDER BY "clips"."publisheddate" IS NULL ASC, "clips"."publisheddate" DESC, "clips"."_row" ASC LIMIT ?;
-- params: ["news", "published", "2026-11-13T12:00:00+00:00", "2026-11-20T12:00:00+00:00", "video", 10]
SELECT COUNT(*) FROM "clips" WHERE COALESCE(ANY_MATCH("clips"."cat", _v -> (_v IN (?))), FALSE) AND COALESCE("clips"."status" = ?, FALSE) AND COALESCE(NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ?, FALSE) AND COALESCE("clips"."mediatype" = ?, FALSE);

-- sport highlights (a flag of no kind: JSON)
-- unsupported: test on a field outside the table layout

-- q: phrase, wildcard, ranges, negation, boolean
SELECT * FROM "clips" WHERE COALESCE(STRPOS(' ' || ARRAY_JOIN("clips"."title__terms", ' ') || ' ', ?) > 0, FALSE) AND COALESCE(ANY_MATCH("clips"."status__terms", _v -> (REGEXP_LIKE(_v, ?))), FALSE) AND COALESCE(NOT "clips"."views" IS NULL AND "clips"."views" >= ? AND "clips"."views" < ?, FALSE) AND NOT COALESCE(ANY_MATCH("clips"."cat", _v -> (_v IN (?, ?))), FALSE) AND COALESCE(NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ?, FALSE) AND COALESCE("clips"."transcodingFinished" = ?, FALSE) ORDER BY "clips"."views" IS NULL ASC, "clips"."views" DESC, "clips"."title__fold" IS NULL ASC, "clips"."title__fold" ASC, "clips"."_row" ASC OFFSET ? LIMIT ?;
-- params: [" late goal ", "^(?s:pub.*)$", 10, 100, "ads", "promo", "2026-11-13T00:00:00+00:00", "2026-11-20T12:00:00+00:00", true, 40, 20]
SELECT COUNT(*) FROM "clips" WHERE COALESCE(STRPOS(' ' || ARRAY_JOIN("clips"."title__terms", ' ') || ' ', ?) > 0, FALSE) AND COALESCE(ANY_MATCH("clips"."status__terms", _v -> (REGEXP_LIKE(_v, ?))), FALSE) AND COALESCE(NOT "clips"."views" IS NULL AND "clips"."views" >= ? AND "clips"."views" < ?, FALSE) AND NOT COALESCE(ANY_MATCH("clips"."cat", _v -> (_v IN (?, ?))), FALSE) AND COALESCE(NOT "clips"."publisheddate" IS NULL AND "clips"."publisheddate" >= ? AND "clips"."publisheddate" <= ?, FALSE) AND COALESCE("clips"."transcodingFinished" = ?, FALSE);

-- filters: contains, isEmpty, containsAllOf, number string
SELECT * FROM "clips" WHERE (COALESCE(STRPOS("clips"."title__fold", ?) > 0, FALSE) OR ("clips"."description" IS NULL OR "clips"."description" = '')) AND (COALESCE(ANY_MATCH("clips"."tags", _v -> (_v IN (?))), FALSE) AND COALESCE(ANY_MATCH("clips"."tags", _v -> (_v IN (?))), FALSE)) AND COALESCE(NOT "clips"."length" IS NULL AND "clips"."length" >= ?, FALSE);
-- params: ["50% off", "goals", "replay", 30]
SELECT COUNT(*) FROM "clips" WHERE (COALESCE(STRPOS("clips"."title__fold", ?) > 0, FALSE) OR ("clips"."description" IS NULL OR "clips"."description" = '')) AND (COALESCE(ANY_MATCH("clips"."tags", _v -> (_v IN (?))), FALSE) AND COALESCE(ANY_MATCH("clips"."tags", _v -> (_v IN (?))), FALSE)) AND COALESCE(NOT "clips"."length" IS NULL AND "clips"."length" >= ?, FALSE);

-- fuzzy term
-- unsupported: fuzzy term

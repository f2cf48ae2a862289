-- latest news (examples/playlists/latest-news.json)
SELECT * FROM `clips` WHERE EXISTS(SELECT 1 FROM UNNEST(`clips`.`cat`) AS _v WHERE (_v IN (@p1))) AND `clips`.`status` = @p2 AND NOT `clips`.`publisheddate` IS NULL AND `clips`.`publisheddate` >= @p3 AND `clips`.`publisheddate` <= @p4 AND `clips`.`mediatype` = @p5 ORDER BY `clips`.`publisheddate` IS NULL ASC NULLS LAST, `clips`.`publisheddate` DESC, `clips`.`_row` ASC NULLS LAST LIMIT @p6;
-- params: {"p1": "news", "p2": "published", "p3": "2026-11-13T12:00:00+00:00", "p4": "2026-11-20T12:00:00+00:00", "p5": "video", "p6": 10}
SELECT COUNT(*) FROM `clips` WHERE EXISTS(SELECT 1 FROM UNNEST(`clips`.`cat`) AS _v WHERE (_v IN (@p1))) AND `clips`.`status` = @p2 AND NOT `clips`.`publisheddate` IS NULL AND `clips`.`publisheddate` >= @p3 AND `clips`.`publisheddate` <= @p4 AND `clips`.`mediatype` = @p5;

-- sport highlights (a flag of no kind: JSON)
-- unsupported: test on a field outside the table layout

-- q: phrase, wildcard, ranges, negation, boolean
SELECT * FROM `clips` WHERE INSTR(CONCAT(' ', ARRAY_TO_STRING(`clips`.`title__terms`, ' '), ' '), @p1) > 0 AND EXISTS(SELECT 1 FROM UNNEST(`clips`.`status__terms`) AS _v WHERE (REGEXP_CONTAINS(_v, @p2))) AND NOT `clips`.`views` IS NULL AND `clips`.`views` >= @p3 AND `clips`.`views` < @p4 AND NOT EXISTS(SELECT 1 FROM UNNEST(`clips`.`cat`) AS _v WHERE (_v IN (@p5, @p6))) AND NOT `clips`.`publisheddate` IS NULL AND `clips`.`publisheddate` >= @p7 AND `clips`.`publisheddate` <= @p8 AND `clips`.`transcodingFinished` = @p9 ORDER BY `clips`.`views` IS NULL ASC NULLS LAST, `clips`.`views` DESC, `clips`.`title__fold` IS NULL ASC NULLS LAST, `clips`.`title__fold` ASC NULLS LAST, `clips`.`_row` ASC NULLS LAST LIMIT @p10 OFFSET @p11;
-- params: {"p1": " late goal ", "p2": "^(?s:pub.*)$", "p3": 10, "p4": 100, "p5": "ads", "p6": "promo", "p7": "2026-11-13T00:00:00+00:00", "p8": "2026-11-20T12:00:00+00:00", "p9": true, "p10": 20, "p11": 40}
SELECT COUNT(*) FROM `clips` WHERE INSTR(CONCAT(' ', ARRAY_TO_STRING(`clips`.`title__terms`, ' '), ' '), @p1) > 0 AND EXISTS(SELECT 1 FROM UNNEST(`clips`.`status__terms`) AS _v WHERE (REGEXP_CONTAINS(_v, @p2))) AND NOT `clips`.`views` IS NULL AND `clips`.`views` >= @p3 AND `clips`.`views` < @p4 AND NOT EXISTS(SELECT 1 FROM UNNEST(`clips`.`cat`) AS _v WHERE (_v IN (@p5, @p6))) AND NOT `clips`.`publisheddate` IS NULL AND `clips`.`publisheddate` >= @p7 AND `clips`.`publisheddate` <= @p8 AND `clips`.`transcodingFinished` = @p9;

-- filters: contains, isEmpty, containsAllOf, number string
SELECT * FROM `clips` WHERE (INSTR(`clips`.`title__fold`, @p1) > 0 OR (`clips`.`description` IS NULL OR `clips`.`description` = '')) AND (EXISTS(SELECT 1 FROM UNNEST(`clips`.`tags`) AS _v WHERE (_v IN (@p2))) AND EXISTS(SELECT 1 FROM UNNEST(`clips`.`tags`) AS _v WHERE (_v IN (@p3)))) AND NOT `clips`.`length` IS NULL AND `clips`.`length` >= @p4;
-- params: {"p1": "50% off", "p2": "goals", "p3": "replay", "p4": 30}
SELECT COUNT(*) FROM `clips` WHERE (INSTR(`clips`.`title__fold`, @p1) > 0 OR (`clips`.`description` IS NULL OR `clips`.`description` = '')) AND (EXISTS(SELECT 1 FROM UNNEST(`clips`.`tags`) AS _v WHERE (_v IN (@p2))) AND EXISTS(SELECT 1 FROM UNNEST(`clips`.`tags`) AS _v WHERE (_v IN (@p3)))) AND NOT `clips`.`length` IS NULL AND `clips`.`length` >= @p4;

-- fuzzy term
-- unsupported: fuzzy term

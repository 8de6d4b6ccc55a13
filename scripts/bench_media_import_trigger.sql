-- What the search vector trigger (0038) adds to a media import: a 1,000-row insert shaped like
-- sql/media/import_batch.sql (items from JSON, one set-based INSERT), timed with the trigger and
-- with it disabled, alternately, each attempt rolled back (a subtransaction), on the heaviest
-- owner of media. Prints the median of each over the rounds. Run as the owner on a seeded
-- database (it disables a trigger for the length of one rolled-back attempt):
--
--     psql "$OWNER_DATABASE_URL" -X -f scripts/bench_media_import_trigger.sql
DO $$
DECLARE
    owner uuid := (
        SELECT m.user_id FROM media AS m GROUP BY m.user_id ORDER BY count(*) DESC LIMIT 1
    );
    items jsonb := (
        SELECT jsonb_agg(jsonb_build_object(
            'filename', format('IMG_%s.jpg', lpad(i::text, 6, '0')),
            'media_type', 'photo',
            'mime_type', 'image/jpeg',
            'size', 1000000 + i,
            'file_path', format('bench/%s.jpg', i),
            'taken_at', timestamptz '2026-01-01' + i * interval '37 minutes',
            'metadata', jsonb_build_object('camera', 'X100V', 'caption', 'a walk by the harbour'),
            'source_platform', 'bench',
            'source_object_id', format('bench-%s', i)
        ))
        FROM generate_series(1, 1000) AS i
    );
    rounds integer := 15;
    with_trigger double precision[] := '{}';
    without_trigger double precision[] := '{}';
    started timestamptz;
    took double precision;
    trigger_on boolean;
BEGIN
    FOR round IN 1..rounds LOOP
        FOREACH trigger_on IN ARRAY ARRAY[round % 2 = 0, round % 2 = 1] LOOP
            BEGIN
                IF NOT trigger_on THEN
                    ALTER TABLE media DISABLE TRIGGER media_search_vector;
                END IF;
                started := clock_timestamp();
                INSERT INTO media (
                    user_id, id, filename, media_type, mime_type, size, file_path, taken_at,
                    metadata, source_platform, source_object_id
                )
                SELECT
                    owner, gen_random_uuid(), item.filename, item.media_type, item.mime_type,
                    item.size, item.file_path, item.taken_at, coalesce(item.metadata, '{}'),
                    item.source_platform, item.source_object_id
                FROM jsonb_to_recordset(items) AS item (
                    filename text, media_type text, mime_type text, size bigint, file_path text,
                    taken_at timestamptz, metadata jsonb, source_platform text,
                    source_object_id text
                )
                ON CONFLICT (user_id, source_platform, source_object_id)
                    WHERE deleted_at IS NULL AND source_platform IS NOT NULL
                        AND source_object_id IS NOT NULL
                    DO NOTHING;
                took := extract(epoch FROM clock_timestamp() - started) * 1000;
                RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'undo';
            EXCEPTION WHEN raise_exception THEN
                IF trigger_on THEN
                    with_trigger := with_trigger || took;
                ELSE
                    without_trigger := without_trigger || took;
                END IF;
            END;
        END LOOP;
    END LOOP;
    RAISE NOTICE '1,000-row media import, median of % rounds: % ms without the search trigger, % ms with it',
        rounds,
        round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(without_trigger) AS t)::numeric, 1),
        round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(with_trigger) AS t)::numeric, 1);
END;
$$;

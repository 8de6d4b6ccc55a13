-- Locations: where the user was, point by point (a phone's location history: years of it at a
-- point a minute while moving is over a million rows per user). The high-volume type, so the
-- table is partitioned by month of recorded_at, and with it comes the partition upkeep every
-- monthly-partitioned table shares (locations, health_records, audit_log).
--
-- Why the shape:
-- - Declarative partitioning by RANGE (recorded_at), one partition a month (UTC), named after
--   it (locations_2026_01). A window ("where was I between A and B") reads only its months;
--   retention, where a table has one, drops whole partitions instead of deleting rows.
-- - Every unique index of a partitioned table must hold the partition key, so the primary key
--   is (user_id, id, recorded_at), not (user_id, id). id comes before recorded_at on purpose:
--   GET /v1/locations/{id} knows the id but not the month, so it cannot be pruned. It probes the
--   primary key of every partition (a few buffers each: ~30 partitions for two years of history
--   and the months kept ahead cost ~100 buffer hits, well under a millisecond), and with id second
--   each probe is one descent to (user_id, id). With (user_id, recorded_at, id) each probe would
--   read the user's whole month instead. PATCH, DELETE and restore find the row the same way.
-- - recorded_at cannot change (PATCH does not take it): a new month would move the row to another
--   partition, which PostgreSQL does as a DELETE and an INSERT.
-- - One live point per user per instant: the unique index (user_id, recorded_at) over live rows
--   is the natural key imports are idempotent by (two sources reporting the same instant are the
--   same fact, typically one phone's history exported through two services), and, being unique
--   among live rows, it is the whole keyset of the window list and of "the last known position":
--   both are one walk of it, pruned to the window's months. So the table carries two indexes
--   written on every insert (the key and the primary key), plus two partial ones over the trash.
-- - A DEFAULT partition catches any row no monthly partition covers (a history import from years
--   back, a month maintain has not created yet): an insert never fails for want of a partition,
--   and never creates one (DDL in the write path would queue every request behind its lock).
--   `hypernet db maintain` creates the coming months ahead and moves rows out of the default
--   partition into their own month (ensure_month_partition below).
-- - Coordinates, accuracy and altitude are double precision: real would save 8 bytes a row, but
--   a real read back into a client's double shows 12.3 as 12.300000190734863. activity is a
--   bounded set the clients agree on.
-- - source_integration_id is a plain column, as in notifications (see 0011).
--
-- ensure_month_partition(parent, month): the one piece of partition upkeep, shared by
-- `hypernet db maintain`, `hypernet seed` (the months it loads) and migration 0027 (the months of
-- the existing audit rows). Made safe to run while the service runs:
-- - The partition is made as a plain table (LIKE the parent) and ATTACHed, which takes only a
--   SHARE UPDATE EXCLUSIVE lock on the parent: reads and writes of other months go on.
--   (CREATE TABLE ... PARTITION OF would lock the parent ACCESS EXCLUSIVE.) ATTACH still takes
--   the default partition ACCESS EXCLUSIVE for as long as it checks that no row of the new month
--   is left there: a moment, as the default partition is kept (nearly) empty.
-- - Rows of the month already in the default partition are moved into the new table first, in
--   the same transaction, with the default partition locked against writes (SHARE ROW
--   EXCLUSIVE, reads go on) and its row triggers off for the move only: moving a row is not
--   deleting it (the audit log's append-only trigger, or a trigger that drops a deleted row's
--   links, must not fire).
-- - A partition repeats what a partition does not inherit: its parent's grants (so the
--   service role may do exactly what it may on the parent) and its parent's TRUNCATE triggers
--   (TRUNCATE of one partition fires only that partition's triggers).
-- - Idempotent: a month whose partition exists is left alone (created = false).
-- migrate:up

CREATE FUNCTION ensure_month_partition(
    parent regclass,
    month_start date,
    OUT partition_name text,
    OUT created boolean,
    OUT moved_rows bigint
)
LANGUAGE plpgsql AS $$
DECLARE
    parent_schema name;
    parent_name name;
    key_column name;
    columns text;
    first_at timestamptz;
    next_at timestamptz;
    default_part regclass;
    part text;
    part_oid oid;
    has_rows boolean;
    paused name[] := '{}';
    trigger_name name;
    g record;
BEGIN
    IF month_start IS NULL OR extract(day FROM month_start) <> 1 THEN
        RAISE EXCEPTION 'ensure_month_partition: % is not the first day of a month', month_start
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT n.nspname, c.relname INTO parent_schema, parent_name
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = parent AND c.relkind = 'p';
    SELECT a.attname INTO key_column
    FROM pg_partitioned_table AS p
    JOIN pg_attribute AS a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent AND p.partstrat = 'r' AND p.partnatts = 1;
    IF key_column IS NULL THEN
        RAISE EXCEPTION 'ensure_month_partition: % is not partitioned by range of one column', parent
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    partition_name := parent_name || '_' || to_char(month_start, 'YYYY_MM');
    created := false;
    moved_rows := 0;
    IF EXISTS (
        SELECT 1
        FROM pg_inherits AS i
        JOIN pg_class AS c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent AND c.relname = partition_name
    ) THEN
        RETURN;
    END IF;

    -- Months are UTC months.
    first_at := month_start::timestamp AT TIME ZONE 'UTC';
    next_at := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    part := format('%I.%I', parent_schema, partition_name);
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
    FROM pg_attribute AS a
    WHERE a.attrelid = parent AND a.attnum > 0 AND NOT a.attisdropped;
    SELECT i.inhrelid::regclass INTO default_part
    FROM pg_inherits AS i
    JOIN pg_class AS c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';

    EXECUTE format(
        'CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE '
        'INCLUDING COMPRESSION)',
        part, parent
    );
    created := true;

    IF default_part IS NOT NULL THEN
        -- No row of the month may reach the default partition until the new one is attached.
        EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', default_part);
        EXECUTE format(
            'SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)',
            default_part, key_column, key_column
        ) INTO has_rows USING first_at, next_at;
        IF has_rows THEN
            SELECT coalesce(array_agg(t.tgname ORDER BY t.tgname), '{}') INTO paused
            FROM pg_trigger AS t
            WHERE t.tgrelid = default_part AND NOT t.tgisinternal AND t.tgenabled = 'O';
            FOREACH trigger_name IN ARRAY paused LOOP
                EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', default_part, trigger_name);
            END LOOP;
            EXECUTE format(
                'WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING %s) '
                'INSERT INTO %s (%s) SELECT %s FROM moved',
                default_part, key_column, key_column, columns, part, columns, columns
            ) USING first_at, next_at;
            GET DIAGNOSTICS moved_rows = ROW_COUNT;
            FOREACH trigger_name IN ARRAY paused LOOP
                EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', default_part, trigger_name);
            END LOOP;
        END IF;
    END IF;

    EXECUTE format(
        'ALTER TABLE %s ATTACH PARTITION %s FOR VALUES FROM (%L) TO (%L)',
        parent,
        part,
        to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00',
        to_char(next_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'
    );
    part_oid := part::regclass;

    -- The parent's grants, exactly: first nobody's (the default privileges gave some), then
    -- each of the parent's.
    FOR g IN
        SELECT DISTINCT a.grantee
        FROM pg_class AS c
        CROSS JOIN LATERAL aclexplode(c.relacl) AS a
        WHERE c.oid = part_oid AND a.grantee <> c.relowner
    LOOP
        EXECUTE format(
            'REVOKE ALL ON %s FROM %s',
            part,
            CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END
        );
    END LOOP;
    FOR g IN
        SELECT a.grantee, a.privilege_type
        FROM pg_class AS c
        CROSS JOIN LATERAL aclexplode(c.relacl) AS a
        WHERE c.oid = parent AND a.grantee <> c.relowner
    LOOP
        EXECUTE format(
            'GRANT %s ON %s TO %s',
            g.privilege_type,
            part,
            CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END
        );
    END LOOP;

    -- The parent's TRUNCATE triggers (statement triggers, without arguments).
    FOR g IN
        SELECT t.tgname, t.tgfoid::regprocedure::text AS fn, (t.tgtype & 2) <> 0 AS before
        FROM pg_trigger AS t
        WHERE t.tgrelid = parent AND NOT t.tgisinternal AND (t.tgtype & 32) <> 0
            AND (t.tgtype & 1) = 0 AND t.tgnargs = 0
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I %s TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %s',
            g.tgname,
            CASE WHEN g.before THEN 'BEFORE' ELSE 'AFTER' END,
            part,
            g.fn
        );
    END LOOP;
END;
$$;

CREATE TABLE locations (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    recorded_at timestamptz NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    accuracy_m double precision,
    altitude_m double precision,
    activity text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT locations_pkey PRIMARY KEY (user_id, id, recorded_at),
    CONSTRAINT locations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT locations_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT locations_longitude_range CHECK (longitude BETWEEN -180 AND 180),
    -- A GPS fix is metres, a cell-tower fix kilometres; nothing is worse than 1,000 km.
    CONSTRAINT locations_accuracy_range CHECK (accuracy_m BETWEEN 0 AND 1000000),
    -- From the deepest trench to the edge of space.
    CONSTRAINT locations_altitude_range CHECK (altitude_m BETWEEN -12000 AND 100000),
    CONSTRAINT locations_activity_known CHECK (activity IN (
        'still', 'walking', 'running', 'cycling', 'in_vehicle', 'in_flight', 'on_boat', 'unknown'
    )),
    -- Four-digit years keep partition names (locations_YYYY_MM) well-formed.
    CONSTRAINT locations_recorded_at_range CHECK (
        recorded_at >= '1900-01-01 00:00:00+00' AND recorded_at < '2200-01-01 00:00:00+00'
    ),
    CONSTRAINT locations_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT locations_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
) PARTITION BY RANGE (recorded_at);

CREATE TABLE locations_default PARTITION OF locations DEFAULT;

CREATE TRIGGER locations_set_updated_at
BEFORE UPDATE ON locations
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The natural key (one live point per user per instant): idempotent imports, the window list
-- ("where was I between A and B") and the last known position, each pruned to its months.
CREATE UNIQUE INDEX locations_live_point_key
ON locations (user_id, recorded_at)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted points of one user, most recently deleted first.
CREATE INDEX locations_trash_user_deleted_idx
ON locations (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: points soft-deleted before the retention cut-off, oldest first.
CREATE INDEX locations_purge_deleted_idx
ON locations (deleted_at)
WHERE deleted_at IS NOT NULL;

-- migrate:down
DROP TABLE locations;
DROP FUNCTION ensure_month_partition(regclass, date);

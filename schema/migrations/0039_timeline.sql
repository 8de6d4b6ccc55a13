-- The timeline (GET /v1/timeline): everything that happened in a window, newest first, across
-- types, read as a Merge Append of per-type index scans ordered like the answer, so that a page
-- costs the same however deep it is (sql/timeline/list_window.sql). This migration adds what
-- that needs and did not exist:
--
-- - Two live-row indexes in (user_id, time, id) order for the types whose timeline time had
--   none: tasks by completed_at (only completed tasks appear) and notes by created_at. The other
--   types already have theirs (media_live_user_sort_idx, social_posts_live_user_posted_idx,
--   emails_live_user_sent_idx, calendar_events_live_user_starts_idx,
--   transactions_live_user_occurred_idx). Built CONCURRENTLY: both tables are live.
--
-- - location_stays: places visited, derived from the raw points. Points are many (a point a
--   minute while moving) and a stay needs the points around it, so a timeline page must not
--   compute stays at read time: they are materialized here and kept current by the database.
--   The rule: walking a user's live points in time order, a segment starts at a point and takes
--   every following point within 150 m of that first point and at most 3 hours after the point
--   before it (a phone silent for longer is not known to have stayed); the first point that is
--   not starts the next segment. A segment lasting at least 10 minutes (its last point at least
--   10 minutes after its first; so at least two points) is a stay, at the mean position of its
--   points.
--   A stay is named by (user_id, started_at) (one live point per instant, so one segment starts
--   there); its id is derived from that key (uuid of md5), so a stay recomputed unchanged keeps
--   its id and a timeline cursor naming it stays valid.
--
-- - health_days: one row per user and UTC day with live health records: the day's record
--   count, steps (sum), heart rate (avg, min, max) and sleep (minutes, summed). Also derived, for
--   the same reason (a watch reports heart rate every few minutes). id derived from (user_id,
--   day) as above. Days are UTC days: the timeline is one list for every reader; a per-zone
--   summary stays GET /v1/health/summary.
--
-- How they are kept current: AFTER ... FOR EACH STATEMENT triggers on the partitioned parents,
-- with transition tables (one trigger per event: PostgreSQL takes transition tables only on a
-- single-event trigger). One statement, however many rows (a batch import of 20,000 points),
-- refreshes each affected user's range once. Inserts, updates (soft delete and restore are
-- updates of deleted_at), deletes (purge, erasure) all fire; a row that was and stays in the
-- trash is ignored. Moving rows between partitions (ensure_month_partition) runs on the
-- partitions, fires nothing, and changes nothing here. Dropping a month past retention
-- (`hypernet db maintain` with HYPERNET_LOCATION_RETENTION_DAYS / HYPERNET_HEALTH_RETENTION_DAYS)
-- leaves that month's stays and days in place (they summarize what was kept).
--
-- Refreshing a range of points without recomputing the whole history: the segmentation is
-- greedy, so a change at time t can change segments after t, and the segment t lies in starts
-- before t. location_stays_refresh(user, lo, hi) restarts the walk at a point that is a segment
-- start whatever changed at or after lo: the latest point before lo that is more than 300 m
-- (twice the radius: no segment can hold both, its start would be within 150 m of each) from,
-- or more than 3 hours after, the point before it, or the start of the latest stay before lo;
-- and it stops after hi at the first point that starts a segment in the old segmentation as in
-- the new: more than 300 m from or 3 hours after its predecessor (both after hi, so both
-- unchanged), or the start of an existing stay. Only the stays in between are replaced. Both
-- walks read a window of 3 hours at a time (a window found empty is such a gap, and ends them),
-- with bounds a custom plan prunes at planning: a writer's transaction reads, and holds, only
-- the months around its change, never the DEFAULT partition `hypernet db maintain` must lock to
-- make a month.
--
-- Concurrency: a refresh takes a transaction-level advisory lock per user, so two transactions
-- writing one user's points refresh one after the other (each statement of the second then sees
-- the first's committed points).
--
-- Both tables are user-owned: row-level security like every other (0031), exported and erased
-- with the account (hypernet/mappers/account_data.py), written only by the triggers and by
-- `hypernet seed` (which loads with triggers off and so rebuilds them after the load).
-- migrate:no-transaction
-- migrate:up

CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_live_user_completed_idx
ON tasks (user_id, completed_at, id)
WHERE deleted_at IS NULL AND completed_at IS NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_live_user_created_idx
ON notes (user_id, created_at, id)
WHERE deleted_at IS NULL;

CREATE TABLE IF NOT EXISTS location_stays (
    user_id uuid NOT NULL,
    id uuid NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    point_count bigint NOT NULL,
    CONSTRAINT location_stays_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT location_stays_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT location_stays_lasts CHECK (ended_at >= started_at + interval '10 minutes'),
    CONSTRAINT location_stays_point_count CHECK (point_count >= 2),
    CONSTRAINT location_stays_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT location_stays_longitude_range CHECK (longitude BETWEEN -180 AND 180)
);

-- The stay's key (one segment starts at an instant) and the timeline's order: newest first by
-- (started_at, id), the columns the timeline shows in the index (an index-only scan).
-- squawk-ignore require-concurrent-index-creation -- location_stays is created just above, empty, and nothing writes it until the triggers below exist
CREATE UNIQUE INDEX IF NOT EXISTS location_stays_user_started_key
ON location_stays (user_id, started_at, id)
INCLUDE (ended_at, latitude, longitude, point_count);

CREATE TABLE IF NOT EXISTS health_days (
    user_id uuid NOT NULL,
    day date NOT NULL,
    id uuid NOT NULL,
    -- The day's first instant (UTC midnight): the timeline's time of the day.
    starts_at timestamptz NOT NULL,
    record_count bigint NOT NULL,
    steps double precision,
    heart_rate_avg double precision,
    heart_rate_min double precision,
    heart_rate_max double precision,
    sleep_minutes double precision,
    CONSTRAINT health_days_pkey PRIMARY KEY (user_id, day),
    CONSTRAINT health_days_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT health_days_starts_at_of_day CHECK (starts_at = day::timestamp AT TIME ZONE 'UTC'),
    CONSTRAINT health_days_record_count_positive CHECK (record_count > 0)
);

-- The timeline's order: newest day first by (starts_at, id).
-- squawk-ignore require-concurrent-index-creation -- health_days is created just above, empty, and nothing writes it until the triggers below exist
CREATE UNIQUE INDEX IF NOT EXISTS health_days_user_starts_key
ON health_days (user_id, starts_at, id);

-- CREATE POLICY has no IF NOT EXISTS; the DROP ... IF EXISTS before each makes a rerun safe.
-- squawk-ignore prefer-robust-stmts -- enabling row-level security twice is harmless: a rerun does it again
ALTER TABLE location_stays ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_rows ON location_stays;
-- squawk-ignore prefer-robust-stmts -- dropped if it exists just before: a rerun makes it again
CREATE POLICY own_rows ON location_stays USING (user_id = acting_user_id());
-- squawk-ignore prefer-robust-stmts -- enabling row-level security twice is harmless: a rerun does it again
ALTER TABLE health_days ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_rows ON health_days;
-- squawk-ignore prefer-robust-stmts -- dropped if it exists just before: a rerun makes it again
CREATE POLICY own_rows ON health_days USING (user_id = acting_user_id());

-- Recompute one user's stays around the points changed in [p_from, p_to] (see the header).
-- (-infinity, infinity) recomputes them all. Distances are equirectangular (exact to well under
-- a metre at 150 m), written out in the loops: a function call per point would cost more than
-- the rest of the walk.
CREATE OR REPLACE FUNCTION location_stays_refresh(p_user uuid, p_from timestamptz, p_to timestamptz)
RETURNS void
LANGUAGE plpgsql
-- Every query here names a bounded window of recorded_at, and a custom plan prunes (and locks)
-- only that window's months: a generic plan would lock every partition, DEFAULT included, for
-- the rest of the writer's transaction, and hold up `hypernet db maintain`.
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    radius CONSTANT double precision := 150;
    jump CONSTANT double precision := 300;
    gap CONSTANT interval := interval '3 hours';
    min_duration CONSTANT interval := interval '10 minutes';
    earth CONSTANT double precision := 6371008.8;
    stay_anchor timestamptz;
    walk_from timestamptz;
    walk_to timestamptz;
    upper_at timestamptz;
    lower_at timestamptz;
    got boolean;
    done boolean := false;
    p record;
    prev_at timestamptz;
    prev_lat double precision;
    prev_lon double precision;
    seg_at timestamptz;
    seg_lat double precision;
    seg_lon double precision;
    seg_last timestamptz;
    seg_n bigint;
    seg_sum_lat double precision;
    seg_sum_lon double precision;
    d_lon double precision;
    found_starts timestamptz[] := '{}';
    found_ends timestamptz[] := '{}';
    found_lats double precision[] := '{}';
    found_lons double precision[] := '{}';
    found_counts bigint[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('location_stays ' || p_user::text, 0));

    SELECT max(s.started_at) INTO stay_anchor
    FROM location_stays AS s
    WHERE s.user_id = p_user
        AND s.started_at < p_from;
    -- Back from p_from, a window of `gap` at a time, to a point that starts a segment whatever
    -- changed: one more than `gap` after the point before it (a window found empty), one more
    -- than 300 m from it, or the start of a stay.
    -- The bounds are computed apart: a custom plan folds a plain parameter into a constant and
    -- prunes at planning, but not a timestamptz - interval (a STABLE operator, applied later).
    upper_at := p_from;
    WHILE walk_from IS NULL LOOP
        got := false;
        lower_at := upper_at - gap;
        FOR p IN
            SELECT l.recorded_at, l.latitude, l.longitude
            FROM locations AS l
            WHERE l.user_id = p_user
                AND l.deleted_at IS NULL
                AND l.recorded_at < upper_at
                AND l.recorded_at >= lower_at
            ORDER BY l.recorded_at DESC
        LOOP
            got := true;
            IF prev_at IS NOT NULL THEN
                d_lon := abs(prev_lon - p.longitude);
                IF earth * sqrt(
                    radians(prev_lat - p.latitude) ^ 2
                    + (radians(least(d_lon, 360 - d_lon)) * cos(radians((prev_lat + p.latitude) / 2))) ^ 2
                ) > jump THEN
                    walk_from := prev_at;
                    EXIT;
                END IF;
            END IF;
            prev_at := p.recorded_at;
            prev_lat := p.latitude;
            prev_lon := p.longitude;
            IF p.recorded_at = stay_anchor THEN
                walk_from := p.recorded_at;
                EXIT;
            END IF;
        END LOOP;
        IF walk_from IS NULL THEN
            IF NOT got THEN
                walk_from := coalesce(prev_at, p_from);
            ELSE
                upper_at := prev_at;
            END IF;
        END IF;
    END LOOP;

    -- Forward from there, a window at a time (each to `gap` past the change or the last point
    -- seen), until a point that starts a segment in the old segmentation as in the new one.
    prev_at := NULL;
    lower_at := walk_from;
    upper_at := greatest(walk_from, p_to) + gap;
    got := true;
    WHILE got AND NOT done LOOP
        got := false;
        FOR p IN
            SELECT l.recorded_at, l.latitude, l.longitude
            FROM locations AS l
            WHERE l.user_id = p_user
                AND l.deleted_at IS NULL
                AND l.recorded_at >= lower_at
                AND l.recorded_at <= upper_at
                AND (prev_at IS NULL OR l.recorded_at > prev_at)
            ORDER BY l.recorded_at
        LOOP
            got := true;
            d_lon := abs(seg_lon - p.longitude);
            IF seg_at IS NOT NULL AND p.recorded_at - prev_at <= gap AND earth * sqrt(
                radians(seg_lat - p.latitude) ^ 2
                + (radians(least(d_lon, 360 - d_lon)) * cos(radians((seg_lat + p.latitude) / 2))) ^ 2
            ) <= radius THEN
                seg_n := seg_n + 1;
                seg_last := p.recorded_at;
                seg_sum_lat := seg_sum_lat + p.latitude;
                seg_sum_lon := seg_sum_lon + p.longitude;
            ELSE
                -- p starts a segment. Past the change, stop where the old segmentation agrees.
                IF p.recorded_at > p_to AND prev_at > p_to THEN
                    d_lon := abs(prev_lon - p.longitude);
                    IF p.recorded_at - prev_at > gap OR earth * sqrt(
                        radians(prev_lat - p.latitude) ^ 2
                        + (radians(least(d_lon, 360 - d_lon)) * cos(radians((prev_lat + p.latitude) / 2))) ^ 2
                    ) > jump OR EXISTS (
                        SELECT 1
                        FROM location_stays AS s
                        WHERE s.user_id = p_user
                            AND s.started_at = p.recorded_at
                    ) THEN
                        walk_to := p.recorded_at;
                        done := true;
                        EXIT;
                    END IF;
                END IF;
                IF seg_at IS NOT NULL AND seg_last - seg_at >= min_duration THEN
                    found_starts := found_starts || seg_at;
                    found_ends := found_ends || seg_last;
                    found_lats := found_lats || seg_sum_lat / seg_n;
                    found_lons := found_lons || seg_sum_lon / seg_n;
                    found_counts := found_counts || seg_n;
                END IF;
                seg_at := p.recorded_at;
                seg_lat := p.latitude;
                seg_lon := p.longitude;
                seg_last := p.recorded_at;
                seg_n := 1;
                seg_sum_lat := p.latitude;
                seg_sum_lon := p.longitude;
            END IF;
            prev_at := p.recorded_at;
            prev_lat := p.latitude;
            prev_lon := p.longitude;
        END LOOP;
        IF got AND NOT done THEN
            lower_at := prev_at;
            upper_at := greatest(prev_at, p_to) + gap;
        END IF;
    END LOOP;
    -- Ended by a window found empty: nothing lies between the last point seen and upper_at, so
    -- the next point, if any, is more than `gap` after any point before it, old or new.
    walk_to := coalesce(walk_to, upper_at);
    IF seg_at IS NOT NULL AND seg_last - seg_at >= min_duration THEN
        found_starts := found_starts || seg_at;
        found_ends := found_ends || seg_last;
        found_lats := found_lats || seg_sum_lat / seg_n;
        found_lons := found_lons || seg_sum_lon / seg_n;
        found_counts := found_counts || seg_n;
    END IF;

    DELETE FROM location_stays AS s
    WHERE s.user_id = p_user
        AND s.started_at >= walk_from
        AND s.started_at < walk_to;
    INSERT INTO location_stays (user_id, id, started_at, ended_at, latitude, longitude, point_count)
    SELECT
        p_user,
        md5('location_stay ' || p_user::text || ' ' || f.started_at::text)::uuid,
        f.started_at,
        f.ended_at,
        f.latitude,
        f.longitude,
        f.point_count
    FROM unnest(found_starts, found_ends, found_lats, found_lons, found_counts)
        AS f (started_at, ended_at, latitude, longitude, point_count);
END;
$$;

-- Recompute the summaries of the given (user, UTC day) pairs from their live records: a day
-- left without one loses its row. Its aggregates are health_days_rebuild's: keep the two in step.
-- One statement per day, each planned for its day (a custom plan): it prunes to, and locks, the
-- day's month only. One statement over all the days would read the records through a lateral
-- join, which prunes at run time but locks every partition, DEFAULT included, for the rest of
-- the writer's transaction, and holds up `hypernet db maintain`.
CREATE OR REPLACE FUNCTION health_days_refresh(p_users uuid[], p_days date[])
RETURNS void
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    t record;
    day_from timestamptz;
    day_to timestamptz;
BEGIN
    FOR t IN
        SELECT DISTINCT u.user_id, u.day
        FROM unnest(p_users, p_days) AS u (user_id, day)
    LOOP
        -- Plain values (see location_stays_refresh): pruned at planning.
        day_from := t.day::timestamp AT TIME ZONE 'UTC';
        day_to := (t.day + 1)::timestamp AT TIME ZONE 'UTC';
        WITH summed AS (
            SELECT
                count(*) AS record_count,
                sum(h.value) FILTER (WHERE h.record_type = 'steps') AS steps,
                avg(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_avg,
                min(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_min,
                max(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_max,
                sum(h.value) FILTER (WHERE h.record_type = 'sleep') AS sleep_minutes
            FROM health_records AS h
            WHERE h.user_id = t.user_id
                AND h.deleted_at IS NULL
                AND h.recorded_at >= day_from
                AND h.recorded_at < day_to
        ),
        emptied AS (
            DELETE FROM health_days AS d
            USING summed AS s
            WHERE d.user_id = t.user_id
                AND d.day = t.day
                AND s.record_count = 0
        )
        INSERT INTO health_days (
            user_id, day, id, starts_at, record_count, steps, heart_rate_avg, heart_rate_min,
            heart_rate_max, sleep_minutes
        )
        SELECT
            t.user_id,
            t.day,
            md5('health_day ' || t.user_id::text || ' ' || t.day::text)::uuid,
            day_from,
            s.record_count,
            s.steps,
            s.heart_rate_avg,
            s.heart_rate_min,
            s.heart_rate_max,
            s.sleep_minutes
        FROM summed AS s
        WHERE s.record_count > 0
        ON CONFLICT (user_id, day) DO UPDATE
        SET record_count = excluded.record_count,
            steps = excluded.steps,
            heart_rate_avg = excluded.heart_rate_avg,
            heart_rate_min = excluded.heart_rate_min,
            heart_rate_max = excluded.heart_rate_max,
            sleep_minutes = excluded.sleep_minutes;
    END LOOP;
END;
$$;

-- Every user's days at once, from scratch: the backfill below and `hypernet seed` (which loads
-- with triggers off). One pass over the live records, grouped; health_days_refresh would probe
-- the records of each day apart, ten times slower over a whole table. Its aggregates are
-- health_days_refresh's: keep the two in step.
CREATE OR REPLACE FUNCTION health_days_rebuild()
RETURNS void
LANGUAGE sql AS $$
DELETE FROM health_days;
INSERT INTO health_days (
    user_id, day, id, starts_at, record_count, steps, heart_rate_avg, heart_rate_min,
    heart_rate_max, sleep_minutes
)
SELECT
    s.user_id,
    s.day,
    md5('health_day ' || s.user_id::text || ' ' || s.day::text)::uuid,
    s.day::timestamp AT TIME ZONE 'UTC',
    s.record_count,
    s.steps,
    s.heart_rate_avg,
    s.heart_rate_min,
    s.heart_rate_max,
    s.sleep_minutes
FROM (
    SELECT
        h.user_id,
        (h.recorded_at AT TIME ZONE 'UTC')::date AS day,
        count(*) AS record_count,
        sum(h.value) FILTER (WHERE h.record_type = 'steps') AS steps,
        avg(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_avg,
        min(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_min,
        max(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_max,
        sum(h.value) FILTER (WHERE h.record_type = 'sleep') AS sleep_minutes
    FROM health_records AS h
    WHERE h.deleted_at IS NULL
    GROUP BY h.user_id, (h.recorded_at AT TIME ZONE 'UTC')::date
) AS s;
$$;

-- One function for the three triggers of each table; a branch reads only the transition tables
-- its event has. Rows in the trash before and after (a purge, an edit of a trashed row) change
-- nothing and are left out.
CREATE OR REPLACE FUNCTION location_stays_follow_points()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR r IN
            SELECT n.user_id, min(n.recorded_at) AS lo, max(n.recorded_at) AS hi
            FROM new_points AS n
            WHERE n.deleted_at IS NULL
            GROUP BY n.user_id
        LOOP
            PERFORM location_stays_refresh(r.user_id, r.lo, r.hi);
        END LOOP;
    ELSIF TG_OP = 'UPDATE' THEN
        FOR r IN
            SELECT c.user_id, min(c.recorded_at) AS lo, max(c.recorded_at) AS hi
            FROM (
                SELECT o.user_id, o.recorded_at FROM old_points AS o WHERE o.deleted_at IS NULL
                UNION ALL
                SELECT n.user_id, n.recorded_at FROM new_points AS n WHERE n.deleted_at IS NULL
            ) AS c
            GROUP BY c.user_id
        LOOP
            PERFORM location_stays_refresh(r.user_id, r.lo, r.hi);
        END LOOP;
    ELSE
        FOR r IN
            SELECT o.user_id, min(o.recorded_at) AS lo, max(o.recorded_at) AS hi
            FROM old_points AS o
            WHERE o.deleted_at IS NULL
            GROUP BY o.user_id
        LOOP
            PERFORM location_stays_refresh(r.user_id, r.lo, r.hi);
        END LOOP;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION health_days_follow_records()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM health_days_refresh(array_agg(n.user_id), array_agg((n.recorded_at AT TIME ZONE 'UTC')::date))
        FROM new_records AS n
        WHERE n.deleted_at IS NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM health_days_refresh(array_agg(c.user_id), array_agg((c.recorded_at AT TIME ZONE 'UTC')::date))
        FROM (
            SELECT o.user_id, o.recorded_at FROM old_records AS o WHERE o.deleted_at IS NULL
            UNION ALL
            SELECT n.user_id, n.recorded_at FROM new_records AS n WHERE n.deleted_at IS NULL
        ) AS c;
    ELSE
        PERFORM health_days_refresh(array_agg(o.user_id), array_agg((o.recorded_at AT TIME ZONE 'UTC')::date))
        FROM old_records AS o
        WHERE o.deleted_at IS NULL;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER location_stays_after_insert
AFTER INSERT ON locations
REFERENCING NEW TABLE AS new_points
FOR EACH STATEMENT EXECUTE FUNCTION location_stays_follow_points();

CREATE OR REPLACE TRIGGER location_stays_after_update
AFTER UPDATE ON locations
REFERENCING OLD TABLE AS old_points NEW TABLE AS new_points
FOR EACH STATEMENT EXECUTE FUNCTION location_stays_follow_points();

CREATE OR REPLACE TRIGGER location_stays_after_delete
AFTER DELETE ON locations
REFERENCING OLD TABLE AS old_points
FOR EACH STATEMENT EXECUTE FUNCTION location_stays_follow_points();

CREATE OR REPLACE TRIGGER health_days_after_insert
AFTER INSERT ON health_records
REFERENCING NEW TABLE AS new_records
FOR EACH STATEMENT EXECUTE FUNCTION health_days_follow_records();

CREATE OR REPLACE TRIGGER health_days_after_update
AFTER UPDATE ON health_records
REFERENCING OLD TABLE AS old_records NEW TABLE AS new_records
FOR EACH STATEMENT EXECUTE FUNCTION health_days_follow_records();

CREATE OR REPLACE TRIGGER health_days_after_delete
AFTER DELETE ON health_records
REFERENCING OLD TABLE AS old_records
FOR EACH STATEMENT EXECUTE FUNCTION health_days_follow_records();

-- What existed before the triggers: every user's stays and days, once (idempotent, so a retry
-- after a failure redoes it).
SELECT location_stays_refresh(t.user_id, '-infinity', 'infinity')
FROM (
    SELECT DISTINCT l.user_id
    FROM locations AS l
    WHERE l.deleted_at IS NULL
) AS t;

SELECT health_days_rebuild();

-- migrate:down
DROP TRIGGER IF EXISTS health_days_after_delete ON health_records;
DROP TRIGGER IF EXISTS health_days_after_update ON health_records;
DROP TRIGGER IF EXISTS health_days_after_insert ON health_records;
DROP TRIGGER IF EXISTS location_stays_after_delete ON locations;
DROP TRIGGER IF EXISTS location_stays_after_update ON locations;
DROP TRIGGER IF EXISTS location_stays_after_insert ON locations;
DROP FUNCTION IF EXISTS health_days_follow_records();
DROP FUNCTION IF EXISTS location_stays_follow_points();
DROP FUNCTION IF EXISTS health_days_rebuild();
DROP FUNCTION IF EXISTS health_days_refresh(uuid[], date[]);
DROP FUNCTION IF EXISTS location_stays_refresh(uuid, timestamptz, timestamptz);
DROP TABLE IF EXISTS health_days;
DROP TABLE IF EXISTS location_stays;
DROP INDEX CONCURRENTLY IF EXISTS notes_live_user_created_idx;
DROP INDEX CONCURRENTLY IF EXISTS tasks_live_user_completed_idx;

-- Two races the review of issue 10 found, both between writers of the same user, both leaving
-- derived data silently wrong until the next write of it:
--
-- Health days (0039): two transactions writing records of one user's same day each summed the
-- day from their own snapshot, and the last upsert kept a total without the other's records (a
-- phone and a watch syncing at once). health_days_refresh now takes a per-user transaction lock
-- first, as location_stays_refresh does: the second writer waits for the first to commit, and
-- its sums (a new statement, a new snapshot) then see the first writer's records.
--
-- Search vectors (0038): a language change rebuilds the user's vectors, but a row inserted while
-- it ran (its foreign key takes only a key-share lock on users, which the change's update does
-- not block) was vectorised in the old language and missed by the rebuild. Now each vector
-- trigger takes a per-user lock shared, and the rebuild takes it exclusively: either the insert
-- waits and then reads the new language (a new statement, a new snapshot), or the rebuild waits
-- for the insert to commit and rewrites its row too. Shared with each other, writers of one user
-- never wait on one another; re-taking a lock the transaction holds costs a lookup.
-- migrate:up
CREATE OR REPLACE FUNCTION media_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.filename || ' ' || regexp_replace(NEW.filename, '[._-]+', ' ', 'g')), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.metadata ->> 'caption', ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION social_posts_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, left(coalesce(NEW.text, ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION emails_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.subject), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.body_text, ''), 100000)), 'B')
        || setweight(to_tsvector(config, NEW.from_address), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION contacts_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, concat_ws(' ', NEW.display_name, NEW.given_name, NEW.family_name)), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.organization, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.notes, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION web_pages_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.content_text, ''), 100000)), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.site_name, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION bookmarks_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, array_to_string(NEW.tags, ' ')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION calendar_events_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.location, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION tasks_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.notes, ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION notes_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, left(NEW.body, 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION documents_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.text_content, ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION transactions_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.merchant, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.category, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION users_rebuild_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('search ' || NEW.id::text, 0));
    PERFORM rebuild_search_vectors(NEW.id);
    RETURN NULL;
END;
$$;

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
    -- Users in one order, so two writers of several users cannot wait on each other.
    PERFORM pg_advisory_xact_lock(hashtextextended('health_days ' || w.user_id::text, 0))
    FROM (SELECT DISTINCT x.user_id FROM unnest(p_users) AS x (user_id) ORDER BY x.user_id) AS w;
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
-- migrate:down
CREATE OR REPLACE FUNCTION media_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.filename || ' ' || regexp_replace(NEW.filename, '[._-]+', ' ', 'g')), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.metadata ->> 'caption', ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION social_posts_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, left(coalesce(NEW.text, ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION emails_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.subject), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.body_text, ''), 100000)), 'B')
        || setweight(to_tsvector(config, NEW.from_address), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION contacts_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, concat_ws(' ', NEW.display_name, NEW.given_name, NEW.family_name)), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.organization, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.notes, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION web_pages_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.content_text, ''), 100000)), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.site_name, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION bookmarks_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, array_to_string(NEW.tags, ' ')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION calendar_events_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.location, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION tasks_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.notes, ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION notes_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, left(NEW.body, 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION documents_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.text_content, ''), 100000)), 'B');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION transactions_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig;
BEGIN
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.merchant, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.category, '')), 'C');
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION users_rebuild_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rebuild_search_vectors(NEW.id);
    RETURN NULL;
END;
$$;

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

-- The timeline: one user's items of every type in a window [from_at, to_at), newest first, after a
-- keyset cursor, in one small common shape (type, id, at, title, summary). Each type is a branch
-- that walks its own live-row index backward in (user_id, at, id) order from the cursor, and
-- stops after lim rows; the branches come out already ordered, so the planner merges them
-- (Merge Append) and the outer LIMIT stops the merge after lim rows: a page reads about lim
-- index entries per type, whatever the window holds and however deep the page is. No sort of
-- the window ever happens (tests/test_timeline_api.py checks the plan).
-- The key is (at, id) across types: ids are random UUIDs (stays and health days derive theirs
-- from an md5 of their natural key), so two items of different types share an (at, id) only
-- with a chance of 2^-122, and the keyset is unique in practice.
-- types: a one-time filter per branch (a constant condition): a type not asked for is not read.
-- Tasks appear when completed (completed_at), notes when created, media when taken (sort_at:
-- taken_at, else stored), stays when they began, health days at their UTC midnight.
-- params: $1 user_id uuid, $2 after_at timestamptz, $3 after_id uuid, $4 from_at timestamptz, $5 to_at timestamptz, $6 types text[], $7 lim integer
-- uses: media_live_user_sort_idx, social_posts_live_user_posted_idx, emails_live_user_sent_idx, calendar_events_live_user_starts_idx, tasks_live_user_completed_idx, notes_live_user_created_idx, transactions_live_user_occurred_idx, location_stays_user_started_key, health_days_user_starts_key
-- replica: yes
-- sample user: heaviest owner of media
-- sample: types = ["media", "social_post", "email", "calendar_event", "task", "note", "transaction", "stay", "health_day"]
-- sample: after_at = sort_at, after_id = id from tooling/sample_media_points row 2
-- sample: from_at = sort_at from tooling/sample_media_points row 1
-- sample: to_at = null
-- sample: lim = 51
SELECT
    t.type,
    t.id,
    t.at,
    t.title,
    t.summary
FROM (
    (
    SELECT
        'media'::text AS type,
        m.id,
        m.sort_at AS at,
        m.filename AS title,
        m.media_type AS summary
    FROM media AS m
    WHERE m.user_id = $1
        AND m.deleted_at IS NULL
        AND 'media' = ANY ($6::text[])
        AND (m.sort_at, m.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND m.sort_at >= coalesce($4::timestamptz, '-infinity')
        AND m.sort_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY m.sort_at DESC, m.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'social_post'::text AS type,
        p.id,
        p.posted_at AS at,
        p.platform AS title,
        left(p.text, 200) AS summary
    FROM social_posts AS p
    WHERE p.user_id = $1
        AND p.deleted_at IS NULL
        AND 'social_post' = ANY ($6::text[])
        AND (p.posted_at, p.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND p.posted_at >= coalesce($4::timestamptz, '-infinity')
        AND p.posted_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY p.posted_at DESC, p.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'email'::text AS type,
        e.id,
        e.sent_at AS at,
        e.subject AS title,
        'from ' || e.from_address AS summary
    FROM emails AS e
    WHERE e.user_id = $1
        AND e.deleted_at IS NULL
        AND 'email' = ANY ($6::text[])
        AND (e.sent_at, e.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND e.sent_at >= coalesce($4::timestamptz, '-infinity')
        AND e.sent_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY e.sent_at DESC, e.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'calendar_event'::text AS type,
        c.id,
        c.starts_at AS at,
        c.title AS title,
        c.location AS summary
    FROM calendar_events AS c
    WHERE c.user_id = $1
        AND c.deleted_at IS NULL
        AND 'calendar_event' = ANY ($6::text[])
        AND (c.starts_at, c.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND c.starts_at >= coalesce($4::timestamptz, '-infinity')
        AND c.starts_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY c.starts_at DESC, c.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'task'::text AS type,
        k.id,
        k.completed_at AS at,
        k.title AS title,
        'completed' AS summary
    FROM tasks AS k
    WHERE k.user_id = $1
        AND k.deleted_at IS NULL
        AND k.completed_at IS NOT NULL
        AND 'task' = ANY ($6::text[])
        AND (k.completed_at, k.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND k.completed_at >= coalesce($4::timestamptz, '-infinity')
        AND k.completed_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY k.completed_at DESC, k.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'note'::text AS type,
        n.id,
        n.created_at AS at,
        coalesce(n.title, left(n.body, 80)) AS title,
        left(n.body, 200) AS summary
    FROM notes AS n
    WHERE n.user_id = $1
        AND n.deleted_at IS NULL
        AND 'note' = ANY ($6::text[])
        AND (n.created_at, n.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND n.created_at >= coalesce($4::timestamptz, '-infinity')
        AND n.created_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'transaction'::text AS type,
        x.id,
        x.occurred_at AS at,
        coalesce(x.merchant, x.description, x.account_name) AS title,
        x.amount::text || ' ' || x.currency AS summary
    FROM transactions AS x
    WHERE x.user_id = $1
        AND x.deleted_at IS NULL
        AND 'transaction' = ANY ($6::text[])
        AND (x.occurred_at, x.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND x.occurred_at >= coalesce($4::timestamptz, '-infinity')
        AND x.occurred_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY x.occurred_at DESC, x.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'stay'::text AS type,
        s.id,
        s.started_at AS at,
        'Stay at ' || round(s.latitude::numeric, 4)::text || ', ' || round(s.longitude::numeric, 4)::text AS title,
        (extract(epoch FROM s.ended_at - s.started_at)::bigint / 60)::text || ' min, ' || s.point_count::text || ' points' AS summary
    FROM location_stays AS s
    WHERE s.user_id = $1
        AND 'stay' = ANY ($6::text[])
        AND (s.started_at, s.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND s.started_at >= coalesce($4::timestamptz, '-infinity')
        AND s.started_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY s.started_at DESC, s.id DESC
    LIMIT $7
    )
    UNION ALL
    (
    SELECT
        'health_day'::text AS type,
        h.id,
        h.starts_at AS at,
        'Health on ' || h.day::text AS title,
        concat_ws(', ', 'steps ' || h.steps::bigint::text, 'heart rate ' || round(h.heart_rate_min)::text || '-' || round(h.heart_rate_max)::text || ' bpm (avg ' || round(h.heart_rate_avg)::text || ')', 'sleep ' || round(h.sleep_minutes)::text || ' min', h.record_count::text || ' records') AS summary
    FROM health_days AS h
    WHERE h.user_id = $1
        AND 'health_day' = ANY ($6::text[])
        AND (h.starts_at, h.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        AND h.starts_at >= coalesce($4::timestamptz, '-infinity')
        AND h.starts_at < coalesce($5::timestamptz, 'infinity')
    ORDER BY h.starts_at DESC, h.id DESC
    LIMIT $7
    )
) AS t
ORDER BY t.at DESC, t.id DESC
LIMIT $7

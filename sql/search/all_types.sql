-- One user's live items of every searchable type (or of those named in $3; null: all) that match a
-- web-search query ($2, websearch_to_tsquery
-- syntax, in the user's text search configuration), best first: rank descending, then id, after
-- a keyset cursor (after_rank, after_id; null: the first page), within an optional window on
-- the item's date. Only the vector is read for every match (to rank it); the page's hits alone
-- are read again by primary key for their title and text, and only they get a snippet
-- (ts_headline, the costly part). A query that parses to nothing (only stop words,
-- punctuation) matches no row. The configuration: user_search_config reads users by its key.
-- Each type's branch reads its own GIN index and keeps its best lim rows (a top-N), the union
-- keeps the best lim of those, and each of these is read back from its table. The branches are
-- the per-type queries of this folder, one for one, and each of those proves its GIN index on
-- the heaviest owner of its type. The user sampled here (the heaviest owner of media) has
-- thousands of some types and two or three web pages, bookmarks and events: those three
-- branches the planner rightly reads through the user's own B-tree (two rows, no GIN descent),
-- so `uses:` names the indexes of the other eight.
-- params: $1 user_id uuid, $2 q text, $3 types text[], $4 from timestamptz, $5 to timestamptz, $6 after_rank real, $7 after_id uuid, $8 lim int
-- uses: media_search_idx, social_posts_search_idx, emails_search_idx, contacts_search_idx, tasks_search_idx, notes_search_idx, documents_search_idx, transactions_search_idx
-- sample: q = "report"
-- sample user: heaviest owner of media
-- sample: types = null
-- sample: from = null
-- sample: to = null
-- sample: after_rank = null
-- sample: after_id = null
WITH search AS MATERIALIZED (
    SELECT
        user_search_config($1) AS config,
        websearch_to_tsquery(user_search_config($1), $2) AS query
),
page AS (
    SELECT
        best.type,
        best.id,
        best.at,
        best.rank
    FROM (
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'media'::text AS type,
                    m.id,
                    m.sort_at AS at,
                    ts_rank(m.search_vector, s.query) AS rank
                FROM search AS s
                JOIN media AS m
                    ON m.search_vector @@ s.query
                WHERE m.user_id = $1
                    AND m.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'media' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR m.sort_at >= $4)
                    AND ($5::timestamptz IS NULL OR m.sort_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'social_post'::text AS type,
                    p.id,
                    p.posted_at AS at,
                    ts_rank(p.search_vector, s.query) AS rank
                FROM search AS s
                JOIN social_posts AS p
                    ON p.search_vector @@ s.query
                WHERE p.user_id = $1
                    AND p.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'social_post' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR p.posted_at >= $4)
                    AND ($5::timestamptz IS NULL OR p.posted_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'email'::text AS type,
                    e.id,
                    e.sent_at AS at,
                    ts_rank(e.search_vector, s.query) AS rank
                FROM search AS s
                JOIN emails AS e
                    ON e.search_vector @@ s.query
                WHERE e.user_id = $1
                    AND e.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'email' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR e.sent_at >= $4)
                    AND ($5::timestamptz IS NULL OR e.sent_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'contact'::text AS type,
                    c.id,
                    c.created_at AS at,
                    ts_rank(c.search_vector, s.query) AS rank
                FROM search AS s
                JOIN contacts AS c
                    ON c.search_vector @@ s.query
                WHERE c.user_id = $1
                    AND c.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'contact' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR c.created_at >= $4)
                    AND ($5::timestamptz IS NULL OR c.created_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'web_page'::text AS type,
                    w.id,
                    coalesce(w.fetched_at, w.created_at) AS at,
                    ts_rank(w.search_vector, s.query) AS rank
                FROM search AS s
                JOIN web_pages AS w
                    ON w.search_vector @@ s.query
                WHERE w.user_id = $1
                    AND w.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'web_page' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR coalesce(w.fetched_at, w.created_at) >= $4)
                    AND ($5::timestamptz IS NULL OR coalesce(w.fetched_at, w.created_at) < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'bookmark'::text AS type,
                    b.id,
                    b.created_at AS at,
                    ts_rank(b.search_vector, s.query) AS rank
                FROM search AS s
                JOIN bookmarks AS b
                    ON b.search_vector @@ s.query
                WHERE b.user_id = $1
                    AND b.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'bookmark' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR b.created_at >= $4)
                    AND ($5::timestamptz IS NULL OR b.created_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'calendar_event'::text AS type,
                    v.id,
                    v.starts_at AS at,
                    ts_rank(v.search_vector, s.query) AS rank
                FROM search AS s
                JOIN calendar_events AS v
                    ON v.search_vector @@ s.query
                WHERE v.user_id = $1
                    AND v.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'calendar_event' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR v.starts_at >= $4)
                    AND ($5::timestamptz IS NULL OR v.starts_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'task'::text AS type,
                    t.id,
                    coalesce(t.due_at, t.created_at) AS at,
                    ts_rank(t.search_vector, s.query) AS rank
                FROM search AS s
                JOIN tasks AS t
                    ON t.search_vector @@ s.query
                WHERE t.user_id = $1
                    AND t.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'task' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR coalesce(t.due_at, t.created_at) >= $4)
                    AND ($5::timestamptz IS NULL OR coalesce(t.due_at, t.created_at) < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'note'::text AS type,
                    n.id,
                    n.created_at AS at,
                    ts_rank(n.search_vector, s.query) AS rank
                FROM search AS s
                JOIN notes AS n
                    ON n.search_vector @@ s.query
                WHERE n.user_id = $1
                    AND n.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'note' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR n.created_at >= $4)
                    AND ($5::timestamptz IS NULL OR n.created_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'document'::text AS type,
                    d.id,
                    d.created_at AS at,
                    ts_rank(d.search_vector, s.query) AS rank
                FROM search AS s
                JOIN documents AS d
                    ON d.search_vector @@ s.query
                WHERE d.user_id = $1
                    AND d.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'document' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR d.created_at >= $4)
                    AND ($5::timestamptz IS NULL OR d.created_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
        UNION ALL
        (
            SELECT
                hit.type,
                hit.id,
                hit.at,
                hit.rank
            FROM (
                SELECT
                    'transaction'::text AS type,
                    x.id,
                    x.occurred_at AS at,
                    ts_rank(x.search_vector, s.query) AS rank
                FROM search AS s
                JOIN transactions AS x
                    ON x.search_vector @@ s.query
                WHERE x.user_id = $1
                    AND x.deleted_at IS NULL
                    AND ($3::text[] IS NULL OR 'transaction' = ANY ($3))
                    AND ($4::timestamptz IS NULL OR x.occurred_at >= $4)
                    AND ($5::timestamptz IS NULL OR x.occurred_at < $5)
            ) AS hit
            WHERE $6::real IS NULL
                OR hit.rank < $6
                OR (hit.rank = $6 AND hit.id > $7::uuid)
            ORDER BY hit.rank DESC, hit.id
            LIMIT $8
        )
    ) AS best
    ORDER BY best.rank DESC, best.id
    LIMIT $8
)
SELECT
    hit.type,
    hit.id,
    hit.title,
    ts_headline(s.config, hit.document, s.query, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet,
    hit.at,
    hit.rank
FROM search AS s
CROSS JOIN (
    (
    SELECT
        page.type,
        page.id,
        m.filename AS title,
        concat_ws(' · ', m.filename, m.metadata ->> 'caption') AS document,
        page.at,
        page.rank
    FROM page
    JOIN media AS m
        ON m.user_id = $1
        AND m.id = page.id
    WHERE page.type = 'media'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        left(coalesce(p.text, ''), 100) AS title,
        left(p.text, 10000) AS document,
        page.at,
        page.rank
    FROM page
    JOIN social_posts AS p
        ON p.user_id = $1
        AND p.id = page.id
    WHERE page.type = 'social_post'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        e.subject AS title,
        concat_ws(' · ', e.subject, left(e.body_text, 10000)) AS document,
        page.at,
        page.rank
    FROM page
    JOIN emails AS e
        ON e.user_id = $1
        AND e.id = page.id
    WHERE page.type = 'email'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        c.display_name AS title,
        concat_ws(' · ', c.display_name, c.organization, left(c.notes, 10000)) AS document,
        page.at,
        page.rank
    FROM page
    JOIN contacts AS c
        ON c.user_id = $1
        AND c.id = page.id
    WHERE page.type = 'contact'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        coalesce(w.title, w.url) AS title,
        concat_ws(' · ', w.title, left(w.content_text, 10000)) AS document,
        page.at,
        page.rank
    FROM page
    JOIN web_pages AS w
        ON w.user_id = $1
        AND w.id = page.id
    WHERE page.type = 'web_page'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        coalesce(b.title, b.url) AS title,
        concat_ws(' · ', b.title, b.description, array_to_string(b.tags, ' ')) AS document,
        page.at,
        page.rank
    FROM page
    JOIN bookmarks AS b
        ON b.user_id = $1
        AND b.id = page.id
    WHERE page.type = 'bookmark'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        v.title AS title,
        concat_ws(' · ', v.title, left(v.description, 10000), v.location) AS document,
        page.at,
        page.rank
    FROM page
    JOIN calendar_events AS v
        ON v.user_id = $1
        AND v.id = page.id
    WHERE page.type = 'calendar_event'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        t.title AS title,
        concat_ws(' · ', t.title, left(t.notes, 10000)) AS document,
        page.at,
        page.rank
    FROM page
    JOIN tasks AS t
        ON t.user_id = $1
        AND t.id = page.id
    WHERE page.type = 'task'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        coalesce(n.title, left(n.body, 100)) AS title,
        concat_ws(' · ', n.title, left(n.body, 10000)) AS document,
        page.at,
        page.rank
    FROM page
    JOIN notes AS n
        ON n.user_id = $1
        AND n.id = page.id
    WHERE page.type = 'note'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        d.title AS title,
        concat_ws(' · ', d.title, left(d.text_content, 10000)) AS document,
        page.at,
        page.rank
    FROM page
    JOIN documents AS d
        ON d.user_id = $1
        AND d.id = page.id
    WHERE page.type = 'document'
    )
    UNION ALL
    (
    SELECT
        page.type,
        page.id,
        coalesce(x.merchant, x.description, x.account_name) AS title,
        concat_ws(' · ', x.merchant, x.description, x.category) AS document,
        page.at,
        page.rank
    FROM page
    JOIN transactions AS x
        ON x.user_id = $1
        AND x.id = page.id
    WHERE page.type = 'transaction'
    )
) AS hit
ORDER BY hit.rank DESC, hit.id

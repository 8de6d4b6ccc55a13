-- Live web pages of one user whose title, content or site name match a web-search query ($2, websearch_to_tsquery
-- syntax, in the user's text search configuration), best first: rank descending, then id, after
-- a keyset cursor (after_rank, after_id; null: the first page), within an optional window on
-- the item's date. Only the vector is read for every match (to rank it); the page's hits alone
-- are read again by primary key for their title and text, and only they get a snippet
-- (ts_headline, the costly part). A query that parses to nothing (only stop words,
-- punctuation) matches no row. The configuration: user_search_config reads users by its key.
-- params: $1 user_id uuid, $2 q text, $3 from timestamptz, $4 to timestamptz, $5 after_rank real, $6 after_id uuid, $7 lim int
-- uses: web_pages_search_idx, web_pages_pkey
-- sample: q = "garden"
-- sample user: heaviest owner of web_pages
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
            AND ($3::timestamptz IS NULL OR coalesce(w.fetched_at, w.created_at) >= $3)
            AND ($4::timestamptz IS NULL OR coalesce(w.fetched_at, w.created_at) < $4)
    ) AS hit
    WHERE $5::real IS NULL
        OR hit.rank < $5
        OR (hit.rank = $5 AND hit.id > $6::uuid)
    ORDER BY hit.rank DESC, hit.id
    LIMIT $7
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
) AS hit
ORDER BY hit.rank DESC, hit.id

-- Three of one user's live contacts, a quarter, half and three quarters of the way through the
-- alphabetical list: keyset cursors inside real data, and an e-mail address and a phone number
-- the user really keeps (the first of each contact's; the lookups sample them).
-- params: $1 user_id uuid
-- uses: none (reads one user's live contacts once; the planner picks among the live indexes)
SELECT
    ranked.position,
    ranked.display_name,
    ranked.id,
    ranked.email,
    ranked.phone
FROM (
    SELECT
        c.display_name,
        c.id,
        -- The first address and number among this contact and the 50 before it: a contact
        -- without one still yields a real one of the user's.
        max(c.emails -> 0 ->> 'value') OVER near AS email,
        max(c.phones -> 0 ->> 'value') OVER near AS phone,
        row_number() OVER (ORDER BY c.display_name, c.id) AS position,
        count(*) OVER () AS total
    FROM contacts AS c
    WHERE c.user_id = $1
        AND c.deleted_at IS NULL
    WINDOW near AS (ORDER BY c.display_name, c.id ROWS BETWEEN 50 PRECEDING AND CURRENT ROW)
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position

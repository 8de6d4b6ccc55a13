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
        c.emails -> 0 ->> 'value' AS email,
        c.phones -> 0 ->> 'value' AS phone,
        row_number() OVER (ORDER BY c.display_name, c.id) AS position,
        count(*) OVER () AS total
    FROM contacts AS c
    WHERE c.user_id = $1
        AND c.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position

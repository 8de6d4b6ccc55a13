-- The integration one user's messages were imported through most often.
-- params: $1 user_id uuid
-- uses: none (reads one user's imported messages through whichever index the planner prefers)
SELECT
    e.source_integration_id,
    count(*) AS emails
FROM emails AS e
WHERE e.user_id = $1
    AND e.source_integration_id IS NOT NULL
GROUP BY e.source_integration_id
ORDER BY
    count(*) DESC,
    e.source_integration_id
LIMIT 1

-- Make one hypothetical index from its CREATE INDEX statement (hypopg): the planner of this
-- session costs it like a real one, nothing is built or written. Answers the name hypopg gave it.
-- params: $1 create_index text
-- uses: none (a function call; no table read)
-- plan: not checked (hypothetical index upkeep: session memory, not application data)
SELECT
    h.indexname AS name
FROM hypopg_create_index($1) AS h

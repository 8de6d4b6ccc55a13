-- Forget every hypothetical index of this session (hypopg keeps them in the session's memory,
-- which a rollback does not reach).
-- uses: none (a function call; no table read)
-- plan: not checked (hypothetical index upkeep: session memory, not application data)
SELECT hypopg_reset()

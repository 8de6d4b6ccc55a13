-- Put the migrator's session back to how it connected, before each migration and before
-- recording one: a SET search_path or SET lock_timeout in one file must not change where or how
-- the next file runs, nor where its record goes. The advisory lock is not a setting and stays.
-- uses: none (session settings, reads no table)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
RESET ALL

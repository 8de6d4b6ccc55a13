-- For the rest of the session, how many rows ANALYZE samples (300 times this) and how many
-- values its statistics keep; answers the setting it replaces, to put it back after.
-- params: $1 target text
-- uses: none (session setting, reads no table)
SELECT
    current_setting('default_statistics_target') AS previous,
    set_config('default_statistics_target', $1, false) AS target

-- The staging table of a location import on this connection, made once (a temporary table
-- lives as long as its session) and emptied at every commit: COPY fills it, import_staged moves
-- what is new into locations.
-- uses: none (utility statement)
CREATE TEMPORARY TABLE IF NOT EXISTS location_import (
    recorded_at timestamptz NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    accuracy_m double precision,
    altitude_m double precision,
    activity text,
    metadata text NOT NULL,
    source_platform text,
    source_object_id text
) ON COMMIT DELETE ROWS

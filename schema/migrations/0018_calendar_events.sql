-- Calendar events: single events and recurring series (an RFC 5545 RRULE with exception dates),
-- each in an IANA time zone, found by the time span they occupy.
-- Why the shape:
-- - starts_at/ends_at are the first occurrence (for an all-day event, local midnights in
--   time_zone: the first day and the day after the last). The rule is kept as RRULE text and
--   expanded by the service (python-dateutil) in the event's time zone, so a weekly 09:00
--   meeting stays at 09:00 local across DST; PostgreSQL does not read the rule. The zone's name
--   and the rule are validated by the service (zoneinfo, rrulestr); the CHECKs below hold what
--   SQL can state.
-- - "Which events have an occurrence between A and B?" needs the whole time span of a series:
--   series_ends_at is the end of its last occurrence, computed by the service at write time
--   from COUNT (the last occurrence) or UNTIL (an upper bound), null when the series repeats
--   forever. A GiST index over (user_id, span) with span = [starts_at, ends_at] for a single
--   event and [starts_at, series_ends_at] (unbounded when null) for a series answers the window
--   with one index scan per user: btree_gist gives GiST the equality on user_id. Chosen over a
--   btree on (user_id, starts_at) with a bounded look-back, which cannot find a series that
--   began years before the window without reading every older event of the user.
-- - Attendees are a jsonb array of {"address", "response"} read and written with the event
--   (as contacts keep their e-mails); the CHECK holds the shape for writers other than the API.
-- - Exception dates (EXDATE) are a timestamptz[]: the instants of the occurrences left out.
-- - source_integration_id references integrations with user_id, as bookmarks do (0015); the
--   trigger at the end clears it when the integration is purged.
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

-- btree_gist: GiST operator classes for scalar types (uuid here), so one GiST index can hold
-- the user and the time range. A trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE calendar_events (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    title text NOT NULL,
    description text,
    location text,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    all_day boolean NOT NULL DEFAULT false,
    time_zone text NOT NULL DEFAULT 'UTC',
    status text NOT NULL DEFAULT 'confirmed',
    attendees jsonb NOT NULL DEFAULT '[]',
    recurrence text,
    exdates timestamptz[] NOT NULL DEFAULT '{}',
    series_ends_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT calendar_events_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT calendar_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- NO ACTION, not SET NULL (see 0015); calendar_events_clear_integration clears it.
    CONSTRAINT calendar_events_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
    REFERENCES integrations (user_id, id),
    CONSTRAINT calendar_events_title_length CHECK (char_length(title) BETWEEN 1 AND 1000),
    CONSTRAINT calendar_events_description_length CHECK (char_length(description) <= 20000),
    CONSTRAINT calendar_events_location_length CHECK (char_length(location) BETWEEN 1 AND 1000),
    CONSTRAINT calendar_events_ends_after_start CHECK (ends_at >= starts_at),
    -- An all-day event lasts at least one day (the API also holds it to local midnights).
    CONSTRAINT calendar_events_all_day_not_empty CHECK (NOT all_day OR ends_at > starts_at),
    -- The shape of an IANA name (Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+5, UTC);
    -- whether the zone exists is the service's question (zoneinfo).
    CONSTRAINT calendar_events_time_zone_shape CHECK (
        char_length(time_zone) <= 64 AND time_zone ~ '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'
    ),
    CONSTRAINT calendar_events_status_known CHECK (
        status IN ('confirmed', 'tentative', 'cancelled')
    ),
    -- Up to 500 attendees, each an object with a string address and a known response.
    CONSTRAINT calendar_events_attendees_shape CHECK (
        jsonb_typeof(attendees) = 'array'
        AND jsonb_array_length(attendees) <= 500
        AND NOT jsonb_path_exists(
            attendees,
            '$[*] ? (@.type() != "object" || !exists(@.address) || @.address.type() != "string"
                || !exists(@.response) || @.response.type() != "string"
                || !(@.response == "needs_action" || @.response == "accepted"
                    || @.response == "declined" || @.response == "tentative"))'
        )
    ),
    -- The rule as the service stores it: one RRULE value, upper case, without "RRULE:".
    CONSTRAINT calendar_events_recurrence_shape CHECK (
        char_length(recurrence) <= 500
        AND recurrence ~ '^[A-Z]+=[A-Z0-9,+-]+(;[A-Z]+=[A-Z0-9,+-]+)*$'
    ),
    CONSTRAINT calendar_events_exdates_bounded CHECK (
        cardinality(exdates) <= 1000 AND array_position(exdates, NULL) IS NULL
    ),
    -- Exception dates and a series end belong to a series.
    CONSTRAINT calendar_events_exdates_need_recurrence CHECK (
        recurrence IS NOT NULL OR cardinality(exdates) = 0
    ),
    CONSTRAINT calendar_events_series_end_needs_recurrence CHECK (
        recurrence IS NOT NULL OR series_ends_at IS NULL
    ),
    CONSTRAINT calendar_events_series_ends_after_first CHECK (series_ends_at >= ends_at),
    CONSTRAINT calendar_events_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT calendar_events_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER calendar_events_set_updated_at
BEFORE UPDATE ON calendar_events
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The occurrence window: live events of one user whose span (see above) meets [from, to). The
-- expression is the one sql/calendar_events/list_live_in_window.sql states.
CREATE INDEX calendar_events_live_span_idx
ON calendar_events USING gist (
    user_id,
    tstzrange(starts_at, CASE WHEN recurrence IS NULL THEN ends_at ELSE series_ends_at END, '[]')
)
WHERE deleted_at IS NULL;

-- Live events of one user by start (a series by its first occurrence), keyset pagination.
CREATE INDEX calendar_events_live_user_starts_idx
ON calendar_events (user_id, starts_at, id)
WHERE deleted_at IS NULL;

-- The same list in one status (the tentative or cancelled ones): the status leads, so a small
-- status is read without walking the user's whole list.
CREATE INDEX calendar_events_live_user_status_starts_idx
ON calendar_events (user_id, status, starts_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted events of one user, most recently deleted first.
CREATE INDEX calendar_events_trash_user_deleted_idx
ON calendar_events (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: events soft-deleted before the retention cut-off, oldest first.
CREATE INDEX calendar_events_purge_deleted_idx
ON calendar_events (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live event per event of an external calendar (see 0008).
CREATE UNIQUE INDEX calendar_events_live_source_key
ON calendar_events (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it).
CREATE INDEX calendar_events_user_source_integration_idx
ON calendar_events (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the events imported through it stop naming it (as
-- media do, see 0005); a function of its own, as in 0012.
CREATE FUNCTION calendar_events_clear_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE calendar_events
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_calendar_events
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION calendar_events_clear_integration();

-- migrate:down
DROP TRIGGER integrations_clear_calendar_events ON integrations;
DROP FUNCTION calendar_events_clear_integration();
DROP TABLE calendar_events;
-- btree_gist stays: it may have been there before (IF NOT EXISTS above), later migrations may
-- use it too, and an unused extension costs nothing.

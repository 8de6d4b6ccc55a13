-- Health records: measurements of the user's body over time (heart rate, steps, weight, sleep,
-- blood pressure, blood glucose, temperature, oxygen saturation, lab results), each a value with
-- its unit, when it was measured, and the device that measured it. A watch reports heart rate
-- every few minutes: high volume, so the table is partitioned by month of recorded_at like
-- locations (0025: the same DEFAULT partition, the same upkeep by ensure_month_partition).
--
-- Why the shape:
-- - value (and value2, the diastolic pressure of a blood pressure reading) is double precision,
--   not numeric: these are measurements, not money. No device or lab reports 15 significant
--   digits, sums of step counts stay exact up to 2^53, and the rows and their aggregates stay
--   cheap. The unit is stored with every value and CHECKed per type where the type has a fixed
--   set (heart rate in bpm, weight in kg or lb, ...); a lab result takes any unit, and names
--   its test in label.
-- - Primary key (user_id, id, recorded_at): the partition key must be in every unique index; id
--   first, so GET /v1/health/records/{id} probes each partition's key once (see 0025).
-- - The live import key (user_id, source_platform, source_object_id, recorded_at): the usual
--   import key, with the partition key added because it must be there. An item of an external
--   service is measured once, so its recorded_at does not change between two imports.
-- - Two live-row indexes: (user_id, recorded_at, id) for the list of every type, and
--   (user_id, record_type, recorded_at, id) INCLUDE (value, value2, unit) for the list of one type
--   and for the daily summary, which it answers with an index-only scan of the window's months.
-- - source_device is free text for now (a future devices table may be referenced by id).
-- migrate:up

CREATE TABLE health_records (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    record_type text NOT NULL,
    recorded_at timestamptz NOT NULL,
    value double precision NOT NULL,
    value2 double precision,
    unit text NOT NULL,
    label text,
    source_device text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT health_records_pkey PRIMARY KEY (user_id, id, recorded_at),
    CONSTRAINT health_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT health_records_type_known CHECK (record_type IN (
        'heart_rate', 'steps', 'weight', 'sleep', 'blood_pressure', 'blood_glucose',
        'body_temperature', 'oxygen_saturation', 'lab_result'
    )),
    -- The unit each type is measured in; a type not named here (lab_result) takes any.
    CONSTRAINT health_records_unit_of_type CHECK (
        CASE record_type
            WHEN 'heart_rate' THEN unit = 'bpm'
            WHEN 'steps' THEN unit = 'count'
            WHEN 'weight' THEN unit IN ('kg', 'lb')
            WHEN 'sleep' THEN unit = 'min'
            WHEN 'blood_pressure' THEN unit = 'mmHg'
            WHEN 'blood_glucose' THEN unit IN ('mg/dL', 'mmol/L')
            WHEN 'body_temperature' THEN unit IN ('degC', 'degF')
            WHEN 'oxygen_saturation' THEN unit = '%'
            ELSE true
        END
    ),
    CONSTRAINT health_records_unit_length CHECK (char_length(unit) BETWEEN 1 AND 50),
    -- Only a lab result can be negative (a base excess, say).
    CONSTRAINT health_records_value_sign CHECK (value >= 0 OR record_type = 'lab_result'),
    CONSTRAINT health_records_steps_whole CHECK (record_type <> 'steps' OR value = trunc(value)),
    -- Systolic in value, diastolic in value2: a blood pressure has both, nothing else has two.
    CONSTRAINT health_records_value2_of_blood_pressure CHECK (
        (record_type = 'blood_pressure') = (value2 IS NOT NULL)
    ),
    CONSTRAINT health_records_value2_sign CHECK (value2 >= 0),
    -- A lab result names its test ("HbA1c", "LDL cholesterol").
    CONSTRAINT health_records_lab_result_named CHECK (
        record_type <> 'lab_result' OR label IS NOT NULL
    ),
    CONSTRAINT health_records_label_length CHECK (char_length(label) BETWEEN 1 AND 200),
    CONSTRAINT health_records_source_device_length CHECK (
        char_length(source_device) BETWEEN 1 AND 200
    ),
    CONSTRAINT health_records_recorded_at_range CHECK (
        recorded_at >= '1900-01-01 00:00:00+00' AND recorded_at < '2200-01-01 00:00:00+00'
    ),
    CONSTRAINT health_records_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT health_records_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
) PARTITION BY RANGE (recorded_at);

CREATE TABLE health_records_default PARTITION OF health_records DEFAULT;

CREATE TRIGGER health_records_set_updated_at
BEFORE UPDATE ON health_records
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live records of one user, newest first, in a window: the list of every type.
CREATE INDEX health_records_live_user_recorded_idx
ON health_records (user_id, recorded_at, id)
WHERE deleted_at IS NULL;

-- Live records of one type, newest first, and the daily summary of a type over a window (an
-- index-only scan: the values it aggregates are in the index).
CREATE INDEX health_records_live_user_type_recorded_idx
ON health_records (user_id, record_type, recorded_at, id)
INCLUDE (value, value2, unit)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted records of one user, most recently deleted first.
CREATE INDEX health_records_trash_user_deleted_idx
ON health_records (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: records soft-deleted before the retention cut-off, oldest first.
CREATE INDEX health_records_purge_deleted_idx
ON health_records (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live record per item of an external service (see 0008), with the
-- partition key.
CREATE UNIQUE INDEX health_records_live_source_key
ON health_records (user_id, source_platform, source_object_id, recorded_at)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- migrate:down
DROP TABLE health_records;

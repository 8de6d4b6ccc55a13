-- links: the checks on the link type and the object types, rewritten so that PostgreSQL tests
-- them about ten times faster; they accept exactly the same values.
-- Why: the regular expression engine builds its matcher anew for every value it tests, and a
-- bounded repetition (`{0,49}`) makes that matcher large: the three tests cost about 8 us per
-- link written, which was most of the time spent bulk-loading links (`hypernet seed`) and a
-- measurable part of every link and album membership the API writes.
-- `x ~ '^[a-z][a-z_]*$' AND char_length(x) <= 50` is the same rule as `x ~ '^[a-z][a-z_]{0,49}$'`:
-- one to fifty characters, a lower-case letter first, then lower-case letters or underscores.
-- How: each new check is added NOT VALID (no scan under the table's exclusive lock), then
-- validated (a scan that lets reads and writes go on), and only then does the old one go, so
-- the rule holds at every moment. That takes a statement each, hence no transaction; every
-- statement can run again after a failure.
-- squawk-ignore-file ban-drop-constraint -- every check dropped here is first replaced by a validated one accepting exactly the same values, so no guarantee is lost at any moment
-- migrate:no-transaction
-- migrate:up
ALTER TABLE links DROP CONSTRAINT IF EXISTS links_link_type_format;

ALTER TABLE links ADD CONSTRAINT links_link_type_format CHECK (
    link_type ~ '^[a-z][a-z_]*$' AND char_length(link_type) <= 50
) NOT VALID;

ALTER TABLE links VALIDATE CONSTRAINT links_link_type_format;

ALTER TABLE links DROP CONSTRAINT IF EXISTS links_object_type_format;

ALTER TABLE links ADD CONSTRAINT links_object_type_format CHECK (
    from_object_type ~ '^[a-z][a-z_]*$' AND char_length(from_object_type) <= 50
    AND to_object_type ~ '^[a-z][a-z_]*$' AND char_length(to_object_type) <= 50
) NOT VALID;

ALTER TABLE links VALIDATE CONSTRAINT links_object_type_format;

ALTER TABLE links
    DROP CONSTRAINT IF EXISTS links_link_type_shape,
    DROP CONSTRAINT IF EXISTS links_object_type_shape;

-- migrate:down
ALTER TABLE links DROP CONSTRAINT IF EXISTS links_link_type_shape;

ALTER TABLE links ADD CONSTRAINT links_link_type_shape CHECK (
    link_type ~ '^[a-z][a-z_]{0,49}$'
) NOT VALID;

ALTER TABLE links VALIDATE CONSTRAINT links_link_type_shape;

ALTER TABLE links DROP CONSTRAINT IF EXISTS links_object_type_shape;

ALTER TABLE links ADD CONSTRAINT links_object_type_shape CHECK (
    from_object_type ~ '^[a-z][a-z_]{0,49}$' AND to_object_type ~ '^[a-z][a-z_]{0,49}$'
) NOT VALID;

ALTER TABLE links VALIDATE CONSTRAINT links_object_type_shape;

ALTER TABLE links
    DROP CONSTRAINT IF EXISTS links_link_type_format,
    DROP CONSTRAINT IF EXISTS links_object_type_format;

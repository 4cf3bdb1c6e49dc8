-- Up Migration

-- Brand keys are lower-cased by the service (JavaScript's Unicode case mapping) and only ever
-- compared with keys made the same way. PostgreSQL's lower() follows the database's collation
-- (under C it leaves "İ" alone), so the check refused brands such as "İpek" on some databases.
ALTER TABLE brands DROP CONSTRAINT IF EXISTS brands_key_check;
ALTER TABLE brands DROP CONSTRAINT IF EXISTS brands_check;
ALTER TABLE brands ADD CONSTRAINT brands_key_not_empty CHECK (key <> '');

-- Down Migration
ALTER TABLE brands DROP CONSTRAINT brands_key_not_empty;
ALTER TABLE brands ADD CONSTRAINT brands_key_check CHECK (key = lower(name));

-- Up Migration
CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);

-- Down Migration
DROP TABLE notes;

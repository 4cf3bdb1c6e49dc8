-- Up Migration

-- One row per measured photo. The measurement is kept whole as the proto3 JSON of
-- shine.analysis.v1.Analysis; the columns beside it are what queries filter and sort on.
CREATE TABLE analyses (
  id            uuid PRIMARY KEY,
  subject_id    text,                      -- NULL for a persisted guest analysis
  created_at    timestamptz NOT NULL,
  monk_level    smallint NOT NULL CHECK (monk_level BETWEEN 1 AND 10),
  ita_degrees   double precision NOT NULL,
  confidence    double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  pipeline      text NOT NULL,             -- pipeline version, to compare results across releases
  analysis      jsonb NOT NULL
);

-- ListAnalyses: newest first per subject, keyset on (created_at, id).
CREATE INDEX analyses_subject_created_idx ON analyses (subject_id, created_at DESC, id DESC)
  WHERE subject_id IS NOT NULL;

-- The photo itself, only when the caller opted in; erased with its analysis.
CREATE TABLE analysis_photos (
  analysis_id   uuid PRIMARY KEY REFERENCES analyses (id) ON DELETE CASCADE,
  content_type  text NOT NULL,
  bytes         bytea NOT NULL
);

-- Transactional outbox: events written in the same transaction as the fact they announce;
-- a relay (milestone 2) publishes unpublished rows to Kafka in id order and marks them.
CREATE TABLE outbox (
  id            uuid PRIMARY KEY,
  topic         text NOT NULL,
  message_key   text NOT NULL,             -- Kafka key: the subject id, so a subject's events stay ordered
  event_type    text NOT NULL,             -- full proto name of the payload
  payload       bytea NOT NULL,            -- binary shine.events.v1.EventEnvelope
  headers       jsonb NOT NULL DEFAULT '{}'::jsonb,  -- W3C trace context for the consumer's span
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

-- Down Migration
DROP TABLE outbox;
DROP TABLE analysis_photos;
DROP TABLE analyses;

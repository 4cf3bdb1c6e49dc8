-- Up Migration

-- The read model: one set of recommendations per subject, built from their latest analysis.
-- The message is kept whole as binary shine.recommender.v1.Recommendations (a palette is ~7 KB
-- so, ~11 KB as JSON): a thousand sets a second are written, and only ever read whole.
CREATE TABLE recommendations (
  subject_id     text PRIMARY KEY,
  analysis_id    uuid NOT NULL,
  analyzed_at    timestamptz NOT NULL,   -- the analysis's time: an older one never replaces a newer
  revision       bigint NOT NULL,
  updated_at     timestamptz NOT NULL,
  recommendations bytea NOT NULL
);

-- Every event whose effect is stored, written in the same transaction as the effect: a redelivered
-- event (a rebalance, a restart before the commit) finds itself here and changes nothing.
CREATE TABLE processed_events (
  event_id       text PRIMARY KEY,
  processed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX processed_events_processed_idx ON processed_events (processed_at);

-- Transactional outbox for RecommendationsReady, published by @shine/events's relay
-- (the same shape as the analysis service's outbox).
CREATE TABLE outbox (
  id            uuid PRIMARY KEY,
  topic         text NOT NULL,
  message_key   text NOT NULL,
  event_type    text NOT NULL,
  payload       bytea NOT NULL,
  headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

-- Down Migration
DROP TABLE outbox;
DROP TABLE processed_events;
DROP TABLE recommendations;

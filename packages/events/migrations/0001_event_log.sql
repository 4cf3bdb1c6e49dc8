-- Up Migration

-- The embedded event transport: Kafka's model (topics of partitions, an append-only log per
-- partition, committed offsets per consumer group) on PostgreSQL, for `npm start` without Java.
CREATE TABLE event_topics (
  name          text PRIMARY KEY,
  partitions    integer NOT NULL CHECK (partitions > 0),
  retention_ms  bigint NOT NULL              -- -1 keeps events for ever
);

-- The next offset of each partition: the row lock serialises appends to one partition.
CREATE TABLE event_partitions (
  topic         text NOT NULL REFERENCES event_topics (name),
  partition     integer NOT NULL,
  next_offset   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, partition)
);

CREATE TABLE event_log (
  topic         text NOT NULL,
  partition     integer NOT NULL,
  "offset"      bigint NOT NULL,
  key           text NOT NULL,
  value         bytea,                       -- NULL is a tombstone
  headers       jsonb NOT NULL,
  appended_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, "offset")
);

CREATE INDEX event_log_appended_idx ON event_log (appended_at);

-- Where each consumer group goes on in each partition (the offset of the next event to handle).
CREATE TABLE event_group_offsets (
  group_id      text NOT NULL,
  topic         text NOT NULL,
  partition     integer NOT NULL,
  next_offset   bigint NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
);

-- Live members of each group, so partitions are shared among them (each member's heartbeat).
CREATE TABLE event_group_members (
  group_id      text NOT NULL,
  member_id     text NOT NULL,
  seen_at       timestamptz NOT NULL,
  PRIMARY KEY (group_id, member_id)
);

-- Down Migration
DROP TABLE event_group_members;
DROP TABLE event_group_offsets;
DROP TABLE event_log;
DROP TABLE event_partitions;
DROP TABLE event_topics;

// @shine/events: how Shine's services exchange events (Kafka, or the embedded PostgreSQL transport).
export type { EventTransport, HandlerContext, OutgoingEvent, ReceivedEvent, SubscribeOptions, Subscription, TopicSpec } from './event-transport.ts';
export {
  DEAD_LETTER_REASON_HEADER,
  DEAD_LETTER_SOURCE_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SCHEMA_VERSION_HEADER,
  TRACE_HEADERS,
} from './event-headers.ts';
export { handleWithRetry, PermanentEventError, type HandleWithRetryOptions, type RetryPolicy } from './handle-with-retry.ts';
export { kafkaTransport, type KafkaTransportOptions } from './kafka/kafka-transport.ts';
export { postgresTransport, type PostgresTransportOptions } from './postgres/postgres-transport.ts';
export { ANALYSIS_TOPIC, deadLetterTopicOf, RECOMMENDATIONS_TOPIC, shineTopics, type TopicSettings } from './topics.ts';
export { eventsConfigShape, openEventTransport, type EventsConfig, type OpenedTransport } from './events-config.ts';
export { createOutboxMetrics, type OutboxMetrics } from './outbox/outbox-metrics.ts';
export { ENVELOPE_SCHEMA_VERSION, startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.ts';

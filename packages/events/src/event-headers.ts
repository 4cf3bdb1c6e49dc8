// What travels beside the binary envelope, so a consumer can route, trace and dead-letter an event
// without decoding it.
export const EVENT_ID_HEADER = 'shine-event-id';
export const EVENT_TYPE_HEADER = 'shine-event-type';
export const SCHEMA_VERSION_HEADER = 'shine-schema-version';
/** On a dead-lettered event: why it can never be handled, and where it came from. */
export const DEAD_LETTER_REASON_HEADER = 'shine-dlq-reason';
export const DEAD_LETTER_SOURCE_HEADER = 'shine-dlq-source';
/** W3C trace context: `traceparent` and `tracestate` keep their standard names. */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

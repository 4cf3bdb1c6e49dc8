import { eventsConfigShape } from '@shine/events';
import { baseConfigSchema, milliseconds, port } from '@shine/platform/config';
import { z } from 'zod';

/** Every setting of the recommender service; a Helm chart sets these as environment variables. */
export const recommenderConfigSchema = baseConfigSchema.extend({
  GRPC_PORT: port(50054),
  HTTP_PORT: port(9467),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PALETTE_ADDRESS: z.string().min(1).default('127.0.0.1:50052'),
  CATALOG_ADDRESS: z.string().min(1).default('127.0.0.1:50053'),
  /** Longest wait for palette or catalog on one call; a slower answer is retried like an outage. */
  ADVICE_TIMEOUT_MS: milliseconds(3_000),
  /** How long palette and catalog answers for one skin tone are reused (a catalogue import shows within it). */
  ADVICE_CACHE_TTL_MS: milliseconds(300_000),
  ADVICE_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(10_000),
  /** Shade matches kept per product category. */
  MATCHES_PER_CATEGORY: z.coerce.number().int().min(1).max(20).default(3),
  /** The consumer group on shine.analysis.v1: replicas share its partitions. */
  CONSUMER_GROUP: z.string().min(1).default('shine-recommender'),
  /** Backoff of an event that failed for a transient reason: doubling up to this, retried for ever. */
  RETRY_MAX_DELAY_MS: milliseconds(30_000),
  /** Processed event ids are remembered this long: longer than any redelivery (the topics' retention). */
  PROCESSED_EVENTS_RETENTION_MS: milliseconds(14 * 24 * 3_600_000),
  OUTBOX_RETENTION_MS: milliseconds(24 * 3_600_000),
  ...eventsConfigShape,
});

export type RecommenderConfig = z.infer<typeof recommenderConfigSchema>;

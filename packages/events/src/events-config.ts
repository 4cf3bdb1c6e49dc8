import { setTimeout as sleep } from 'node:timers/promises';
import { milliseconds } from '@shine/platform/config';
import { z } from 'zod';
import type { EventTransport } from './event-transport.ts';
import { kafkaTransport } from './kafka/kafka-transport.ts';
import { postgresTransport } from './postgres/postgres-transport.ts';
import { shineTopics } from './topics.ts';

/** The settings of the event path, shared by every service that publishes or consumes events. */
export const eventsConfigShape = {
  /** host:port,… of a Kafka cluster. When unset, EVENTS_DATABASE_URL names the embedded transport's database. */
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** PostgreSQL database of the embedded transport (`npm start` without Java sets it). */
  EVENTS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Partitions of Shine's topics when this service creates them (an existing topic is left as it is). */
  EVENT_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  EVENT_TOPIC_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
  /** How long the broker keeps events: 7 days, time enough to replay into a new read model. */
  EVENT_TOPIC_RETENTION_MS: milliseconds(7 * 24 * 3_600_000),
};

const eventsConfigSchema = z.object(eventsConfigShape);
export type EventsConfig = z.infer<typeof eventsConfigSchema>;

export interface OpenedTransport {
  readonly transport: EventTransport;
  /**
   * Creates Shine's topics that are missing; a topic configured differently is logged, not changed.
   * With `retryUntil`, a broker that cannot be reached is tried again with backoff until it can (or
   * the signal aborts), so a service starts and serves while its broker is still coming up.
   */
  ensureShineTopics(options?: { retryUntil?: AbortSignal }): Promise<void>;
}

/**
 * The transport the configuration names: Kafka when KAFKA_BROKERS is set, else the embedded one on
 * EVENTS_DATABASE_URL; undefined when neither is (the caller says what that means for it).
 */
export function openEventTransport(
  config: EventsConfig,
  options: { clientId: string; log: (level: 'error' | 'warn' | 'info', message: string, fields: Record<string, unknown>) => void },
): OpenedTransport | undefined {
  const transport = config.KAFKA_BROKERS
    ? kafkaTransport({ brokers: config.KAFKA_BROKERS, clientId: options.clientId, log: options.log })
    : config.EVENTS_DATABASE_URL
      ? postgresTransport({ connectionString: config.EVENTS_DATABASE_URL, applicationName: options.clientId, log: options.log })
      : undefined;
  if (!transport) return undefined;
  const topics = shineTopics({
    partitions: config.EVENT_TOPIC_PARTITIONS,
    replicationFactor: config.EVENT_TOPIC_REPLICATION_FACTOR,
    retentionMs: config.EVENT_TOPIC_RETENTION_MS,
  });
  const ensure = () => transport.ensureTopics(topics, (message) => options.log('warn', message, {}));
  return {
    transport,
    ensureShineTopics: async ({ retryUntil } = {}) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await ensure();
        } catch (error) {
          if (!retryUntil || retryUntil.aborted) throw error;
          const delayMs = Math.min(30_000, 250 * 2 ** Math.min(attempt - 1, 10));
          if (attempt === 1 || delayMs === 30_000) options.log('warn', `could not create the event topics on ${transport.description}; trying again`, { err: error, retry_ms: delayMs });
          await sleep(delayMs, undefined, { signal: retryUntil }).catch(() => undefined);
          if (retryUntil.aborted) return;
        }
      }
    },
  };
}

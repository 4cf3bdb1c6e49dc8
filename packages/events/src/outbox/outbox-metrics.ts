import { Counter, Gauge, type Registry } from 'prom-client';

/** What a service's outbox relay reports (the platform adds the service label). */
export interface OutboxMetrics {
  readonly depth: Gauge;
  readonly oldestAgeSeconds: Gauge;
  readonly published: Counter<'topic'>;
  readonly failures: Counter;
}

export function createOutboxMetrics(registry: Registry): OutboxMetrics {
  const registers = [registry];
  return {
    depth: new Gauge({ name: 'shine_outbox_depth', help: 'Events written to the outbox and not yet acknowledged by the broker.', registers }),
    oldestAgeSeconds: new Gauge({ name: 'shine_outbox_oldest_age_seconds', help: 'Age of the oldest unpublished outbox event (0 when none).', registers }),
    published: new Counter({ name: 'shine_outbox_published_total', help: 'Outbox events the broker acknowledged.', labelNames: ['topic'], registers }),
    failures: new Counter({ name: 'shine_outbox_publish_failures_total', help: 'Attempts to publish outbox events that failed (the relay backs off and tries again).', registers }),
  };
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the recommender reports beyond the platform's gRPC metrics and the outbox relay's. */
export interface RecommenderMetrics {
  readonly processed: Counter<'type' | 'outcome'>;
  readonly retried: Counter;
  readonly deadLettered: Counter;
  /** From the event's occurred_at (the analysis) to the recommendations stored. */
  readonly endToEndSeconds: Histogram;
}

export function createRecommenderMetrics(registry: Registry, sample: { lag: () => Promise<Map<string, number>>; watchers: () => number }): RecommenderMetrics {
  const registers = [registry];
  new Gauge({
    name: 'shine_consumer_lag',
    help: 'Events on shine.analysis.v1 not yet handled by the recommender group, per partition.',
    labelNames: ['topic', 'partition'],
    registers,
    async collect() {
      this.reset();
      for (const [key, lag] of await sample.lag().catch(() => new Map<string, number>())) {
        const [topic = '', partition = ''] = key.split('/');
        this.set({ topic, partition }, lag);
      }
    },
  });
  new Gauge({
    name: 'shine_recommendations_watchers',
    help: 'WatchRecommendations streams open on this replica.',
    registers,
    collect() {
      this.set(sample.watchers());
    },
  });
  return {
    processed: new Counter({ name: 'shine_events_processed_total', help: 'Events handled, by type and outcome (stored, older, duplicate, erased).', labelNames: ['type', 'outcome'], registers }),
    retried: new Counter({ name: 'shine_events_retried_total', help: 'Attempts at an event that failed for a transient reason and will be retried.', registers }),
    deadLettered: new Counter({ name: 'shine_events_dead_lettered_total', help: 'Events sent to the dead-letter topic: they can never be handled.', registers }),
    endToEndSeconds: new Histogram({
      name: 'shine_events_end_to_end_seconds',
      help: 'From the analysis (the event occurred) to its recommendations stored.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
  };
}

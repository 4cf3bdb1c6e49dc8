import type { TopicSpec } from './event-transport.ts';

export const ANALYSIS_TOPIC = 'shine.analysis.v1';
export const RECOMMENDATIONS_TOPIC = 'shine.recommendations.v1';

/** Where a topic's events go that can never be handled: the same name with `.dlq`. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

export interface TopicSettings {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
}

/** Shine's topics and their dead-letter topics, all with the same settings. */
export function shineTopics(settings: TopicSettings): TopicSpec[] {
  return [ANALYSIS_TOPIC, RECOMMENDATIONS_TOPIC].flatMap((name) => [
    { name, ...settings },
    { name: deadLetterTopicOf(name), ...settings },
  ]);
}

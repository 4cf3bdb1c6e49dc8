/** One event to publish: ordered with every other event of the same key. */
export interface OutgoingEvent {
  /** The subject id: a subject's events go to one partition, so they arrive in order. */
  readonly key: string;
  /** The binary shine.events.v1.EventEnvelope; null is a tombstone (the key's history may be compacted away). */
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** An event as a consumer receives it, with where it sits in its topic. */
export interface ReceivedEvent extends OutgoingEvent {
  readonly topic: string;
  readonly partition: number;
  /** Position within the partition, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** How long events are kept; -1 keeps them for ever. */
  readonly retentionMs: number;
}

/** What a handler may do while it works on one event. */
export interface HandlerContext {
  /** Tells the group this member is alive while one event takes long (a retry's backoff, say). */
  heartbeat(): Promise<void>;
  /** Aborted when the subscription stops: a handler waiting to retry gives up at once. */
  readonly signal: AbortSignal;
}

export interface SubscribeOptions {
  /** Members of one group share the topics' partitions; each event is handled by one of them. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Called for each event in partition order; its offset is committed once this resolves. When it
   * throws, the subscription stops with that error (at-least-once: the event comes again to whoever
   * consumes the partition next). Retrying and dead-lettering are handleWithRetry's work, above.
   */
  readonly handle: (event: ReceivedEvent, context: HandlerContext) => Promise<void>;
  /**
   * Called when the subscription stops on its own: a handler threw, or the embedded transport's
   * database failed it. (A Kafka consumer that kafkajs gives up on is replaced, not reported here.)
   */
  readonly onCrash?: (error: Error) => void;
}

export interface Subscription {
  /** Events published but not yet committed by this group, per "topic/partition". */
  lag(): Promise<Map<string, number>>;
  /** Stops taking events; the event in hand finishes (or its handler sees the signal) first. */
  stop(): Promise<void>;
}

/**
 * How events travel between services: Kafka in production, or the embedded transport on the local
 * PostgreSQL for `npm start` without Java. Both give the same guarantees: per-key order, offsets
 * committed per consumer group, at-least-once delivery, a member that dies hands its partitions on.
 */
export interface EventTransport {
  /** One line for logs and `npm start`: "Kafka at 127.0.0.1:19092", "embedded (PostgreSQL)". */
  readonly description: string;
  /**
   * Creates the topics that are missing. An existing topic whose partitions differ is reported by
   * `onMismatch`, never changed: repartitioning would reorder keys, which is an operator's decision.
   */
  ensureTopics(topics: readonly TopicSpec[], onMismatch: (message: string) => void): Promise<void>;
  /** Appends the events in order; resolves once they are durable (acknowledged by all in-sync replicas). */
  publish(topic: string, events: readonly OutgoingEvent[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  close(): Promise<void>;
}

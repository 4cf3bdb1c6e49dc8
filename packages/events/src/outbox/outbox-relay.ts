import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation } from '@opentelemetry/api';
import { inTransaction, type Pool } from '@shine/postgres';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SCHEMA_VERSION_HEADER } from '../event-headers.ts';
import type { EventTransport, OutgoingEvent } from '../event-transport.ts';
import type { OutboxMetrics } from './outbox-metrics.ts';

// Only one relay of all the replicas sharing an outbox publishes at a time (a transaction-scoped
// advisory lock, the lease): so a subject's events leave in the order they were written, and no
// row is published by two replicas at once. The others wait and take over when it stops.
const RELAY_LEASE = 'shine.outbox.relay';
/** The envelope's schema: consumers refuse (dead-letter) a version they do not know. */
export const ENVELOPE_SCHEMA_VERSION = '1';
const SUBJECT_ERASED = 'shine.events.v1.SubjectErased';

export interface OutboxRelayOptions {
  /** The service's database, with its `outbox` table (see the analysis migrations). */
  readonly pool: Pool;
  readonly transport: EventTransport;
  readonly metrics: OutboxMetrics;
  readonly log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
  readonly batchSize?: number;
  /** How long an idle relay waits before it looks again (a write wakes it sooner through `wake`). */
  readonly idleMs?: number;
  /** Backoff after a failed publish: doubling from 100 ms up to this. */
  readonly maxBackoffMs?: number;
  /** Published rows are kept this long (to see what went out), then pruned. */
  readonly retentionMs?: number;
}

export interface OutboxRelay {
  /** Something was written: look now rather than at the next idle tick. */
  wake(): void;
  /** Finishes the batch in hand (or gives up its backoff) and stops. */
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_type: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox: unpublished rows in the order they were written, each marked published
 * only after the broker acknowledged it, so a crash between the two publishes it again (consumers
 * deduplicate by event id) and nothing is lost. A broker that is down is retried with bounded
 * backoff while the service goes on writing analyses; readiness is not affected.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, transport, metrics } = options;
  const batchSize = options.batchSize ?? 100;
  const idleMs = options.idleMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const retentionMs = options.retentionMs ?? 24 * 3_600_000;
  const abort = new AbortController();
  let wake: (() => void) | undefined;
  let lastPrune = 0;
  let failures = 0;

  /** One batch under the lease: how many rows went out (0: none waiting, or another replica holds the lease). */
  const publishBatch = () =>
    inTransaction(pool, async (client) => {
      const { rows: lease } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held', [RELAY_LEASE]);
      if (!lease[0]!.held) return 0;
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, topic, message_key, event_type, payload, headers FROM outbox
          WHERE published_at IS NULL ORDER BY created_at, id LIMIT $1`,
        [batchSize],
      );
      for (const run of runsOf(rows)) {
        // The producer's span joins the trace of the call that wrote the rows (the upload), and the
        // instrumentation carries it on in the message headers to the consumer's span.
        const parent = propagation.extract(context.active(), run[0]!.headers);
        await context.with(parent, () => transport.publish(run[0]!.topic, run.flatMap(eventsOf)));
        metrics.published.inc({ topic: run[0]!.topic }, run.length);
      }
      // An erasure leaves nothing of the subject behind once it is out; the rest is kept a while to see what went.
      const erasures = rows.filter((row) => row.event_type === SUBJECT_ERASED).map((row) => row.id);
      const others = rows.filter((row) => row.event_type !== SUBJECT_ERASED).map((row) => row.id);
      if (erasures.length > 0) await client.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', [erasures]);
      if (others.length > 0) await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [others]);
      return rows.length;
    });

  const measure = async () => {
    const { rows } = await pool.query<{ depth: number; age: number | null }>(
      `SELECT count(*)::int AS depth, extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox WHERE published_at IS NULL`,
    );
    metrics.depth.set(rows[0]!.depth);
    metrics.oldestAgeSeconds.set(rows[0]!.age ?? 0);
  };

  const prune = async () => {
    if (Date.now() - lastPrune < 60_000) return;
    lastPrune = Date.now();
    const { rowCount } = await pool.query(`DELETE FROM outbox WHERE published_at < now() - $1 * interval '1 millisecond'`, [retentionMs]);
    if (rowCount) options.log('info', 'pruned published outbox events', { pruned: rowCount });
  };

  const loop = (async () => {
    while (!abort.signal.aborted) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      try {
        const published = await publishBatch();
        if (failures > 0) options.log('info', 'publishing events again', { after_failures: failures, transport: transport.description });
        failures = 0;
        await measure();
        await prune();
        if (published === batchSize) continue;
        await Promise.race([woken, sleep(idleMs, undefined, { signal: abort.signal })]);
      } catch (error) {
        if (abort.signal.aborted) break;
        failures++;
        metrics.failures.inc();
        const delayMs = Math.min(maxBackoffMs, 100 * 2 ** Math.min(failures - 1, 20));
        // One line when it starts failing, then one a minute: a broker down for an hour is not 3 600 lines.
        if (failures === 1 || delayMs === maxBackoffMs) {
          options.log('warn', 'publishing outbox events failed; analyses are still stored and their events wait', { err: error, failures, retry_ms: delayMs, transport: transport.description });
        }
        await measure().catch(() => undefined);
        await sleep(delayMs, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    }
  })().catch(() => undefined);

  return {
    wake: () => wake?.(),
    stop: async () => {
      abort.abort();
      wake?.();
      await loop;
    },
  };
}

/**
 * Consecutive rows that can go in one send: the same topic and the same trace (one send has one
 * producer span). Rows written by separate traced calls go one by one; untraced ones in bulk.
 */
function runsOf(rows: readonly OutboxRow[]): OutboxRow[][] {
  const runs: OutboxRow[][] = [];
  for (const row of rows) {
    const last = runs.at(-1)?.[0];
    if (last && last.topic === row.topic && last.headers['traceparent'] === row.headers['traceparent']) runs.at(-1)!.push(row);
    else runs.push([row]);
  }
  return runs;
}

/** A row as the events it publishes: the envelope, and for an erasure the key's tombstone after it. */
function eventsOf(row: OutboxRow): OutgoingEvent[] {
  const headers = { ...row.headers, [EVENT_ID_HEADER]: row.id, [EVENT_TYPE_HEADER]: row.event_type, [SCHEMA_VERSION_HEADER]: ENVELOPE_SCHEMA_VERSION };
  const envelope: OutgoingEvent = { key: row.message_key, value: new Uint8Array(row.payload), headers };
  // The tombstone lets a compacted topic forget the subject's history; consumers skip it.
  return row.event_type === SUBJECT_ERASED ? [envelope, { key: row.message_key, value: null, headers: { [EVENT_ID_HEADER]: `${row.id}:tombstone` } }] : [envelope];
}

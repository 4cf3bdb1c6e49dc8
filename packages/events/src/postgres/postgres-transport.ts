import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPool, inTransaction, migrate, type Pool } from '@shine/postgres';
import pg from 'pg';
import type { EventTransport, OutgoingEvent, ReceivedEvent, SubscribeOptions, Subscription, TopicSpec } from '../event-transport.ts';
import { handleKeyOrdered } from '../handle-key-ordered.ts';
import { processInSpan, sendInSpan } from '../event-tracing.ts';
import { partitionOfKey } from './partition-of-key.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const NOTIFY_CHANNEL = 'shine_events';

export interface PostgresTransportOptions {
  readonly connectionString: string;
  readonly applicationName: string;
  /** How often a member checks in, looks for partitions to take and for events it was not woken for. */
  readonly pollIntervalMs?: number;
  /** A member not seen for this long is gone: its partitions are shared out again. */
  readonly memberTimeoutMs?: number;
  readonly log?: (level: 'error' | 'warn', message: string, fields: Record<string, unknown>) => void;
}

/**
 * The embedded transport: topics, partitions, offsets and consumer groups kept in PostgreSQL, so the
 * service processes of `npm start` exchange events without a broker. Appends to a partition are
 * serialised by its row lock; a member owns a partition by a session advisory lock, so a member that
 * dies (its connection closes) frees its partitions for the others.
 */
export function postgresTransport(options: PostgresTransportOptions): EventTransport {
  const pool = createPool({
    connectionString: options.connectionString,
    applicationName: options.applicationName,
    max: 4,
    onIdleError: (error) => options.log?.('warn', 'an idle connection of the event transport failed', { err: error }),
  });
  const ready = migrate({ databaseUrl: options.connectionString, dir: migrations, table: 'event_transport_migrations' });
  const partitionCounts = new Map<string, number>();
  const subscriptions = new Set<Subscription>();
  let lastPrune = 0;

  const partitionsOf = async (topic: string): Promise<number> => {
    const known = partitionCounts.get(topic);
    if (known !== undefined) return known;
    const { rows } = await pool.query<{ partitions: number }>('SELECT partitions FROM event_topics WHERE name = $1', [topic]);
    if (!rows[0]) throw new Error(`topic ${topic} does not exist (create it with ensureTopics)`);
    partitionCounts.set(topic, rows[0].partitions);
    return rows[0].partitions;
  };

  const prune = async () => {
    if (Date.now() - lastPrune < 60_000) return;
    lastPrune = Date.now();
    await pool.query(
      `DELETE FROM event_log l USING event_topics t
        WHERE l.topic = t.name AND t.retention_ms >= 0 AND l.appended_at < now() - t.retention_ms * interval '1 millisecond'`,
    );
  };

  return {
    description: 'embedded (PostgreSQL)',

    ensureTopics: async (topics: readonly TopicSpec[], onMismatch) => {
      await ready;
      for (const topic of topics) {
        const { rows } = await pool.query<{ partitions: number }>(
          `INSERT INTO event_topics (name, partitions, retention_ms) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING partitions`,
          [topic.name, topic.partitions, topic.retentionMs],
        );
        const partitions = rows[0]!.partitions;
        if (partitions !== topic.partitions) {
          onMismatch(`topic ${topic.name} has ${partitions} partitions where ${topic.partitions} are configured; left as it is (repartitioning reorders keys)`);
        }
        await pool.query(
          `INSERT INTO event_partitions (topic, partition) SELECT $1, generate_series(0, $2 - 1) ON CONFLICT DO NOTHING`,
          [topic.name, partitions],
        );
        partitionCounts.set(topic.name, partitions);
      }
    },

    publish: async (topic, events: readonly OutgoingEvent[]) => {
      if (events.length === 0) return;
      await ready;
      const partitions = await partitionsOf(topic);
      await sendInSpan('postgresql', topic, events, (traced) => inTransaction(pool, async (client) => {
        for (const event of traced) {
          const partition = partitionOfKey(event.key, partitions);
          const { rows } = await client.query<{ offset: string }>(
            'UPDATE event_partitions SET next_offset = next_offset + 1 WHERE topic = $1 AND partition = $2 RETURNING next_offset - 1 AS offset',
            [topic, partition],
          );
          await client.query('INSERT INTO event_log (topic, partition, "offset", key, value, headers) VALUES ($1, $2, $3, $4, $5, $6)', [
            topic,
            partition,
            rows[0]!.offset,
            event.key,
            event.value === null ? null : Buffer.from(event.value),
            event.headers,
          ]);
        }
        // Delivered at commit: members listening wake at once instead of at their next poll.
        await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, topic]);
      }));
      await prune().catch((error: unknown) => options.log?.('warn', 'pruning expired events failed', { err: error }));
    },

    subscribe: async (subscribeOptions) => {
      await ready;
      const member = await startMember(pool, options, subscribeOptions, partitionsOf);
      subscriptions.add(member);
      return {
        lag: () => member.lag(),
        stop: async () => {
          subscriptions.delete(member);
          await member.stop();
        },
      };
    },

    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      subscriptions.clear();
      await ready.catch(() => undefined);
      await pool.end();
    },
  };
}

interface OwnedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly lockKey: string;
}

async function startMember(
  pool: Pool,
  options: PostgresTransportOptions,
  subscribe: SubscribeOptions,
  partitionsOf: (topic: string) => Promise<number>,
): Promise<Subscription> {
  const memberId = randomUUID();
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const memberTimeoutMs = options.memberTimeoutMs ?? 5_000;
  // The session that holds this member's partition locks and hears appends; it ends with the member.
  const session = new pg.Client({ connectionString: options.connectionString, application_name: `${options.applicationName} consumer` });
  await session.connect();
  session.on('error', (error) => options.log?.('warn', 'the event consumer lost its connection', { err: error }));
  await session.query(`LISTEN ${NOTIFY_CHANNEL}`);
  const abort = new AbortController();
  let wake: (() => void) | undefined;
  session.on('notification', (message) => {
    if (subscribe.topics.includes(message.payload ?? '')) wake?.();
  });
  const owned = new Map<string, OwnedPartition>();
  const all: OwnedPartition[] = [];
  for (const topic of subscribe.topics) {
    for (let partition = 0; partition < (await partitionsOf(topic)); partition++) {
      all.push({ topic, partition, lockKey: `${subscribe.groupId}/${topic}/${partition}` });
    }
  }

  /** Checks in, then takes free partitions up to this member's share, or gives back what is over it. */
  const rebalance = async () => {
    const { rows } = await session.query<{ members: number }>(
      `WITH seen AS (
         INSERT INTO event_group_members (group_id, member_id, seen_at) VALUES ($1, $2, now())
           ON CONFLICT (group_id, member_id) DO UPDATE SET seen_at = now()),
       gone AS (DELETE FROM event_group_members WHERE group_id = $1 AND seen_at < now() - $3 * interval '1 millisecond')
       SELECT count(*)::int + 1 AS members FROM event_group_members
        WHERE group_id = $1 AND member_id <> $2 AND seen_at >= now() - $3 * interval '1 millisecond'`,
      [subscribe.groupId, memberId, memberTimeoutMs],
    );
    const share = Math.ceil(all.length / Math.max(1, rows[0]!.members));
    for (const part of [...owned.values()].slice(share)) {
      await session.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [part.lockKey]);
      owned.delete(part.lockKey);
    }
    for (const part of all) {
      if (owned.size >= share) break;
      if (owned.has(part.lockKey)) continue;
      const { rows: locked } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [part.lockKey]);
      if (locked[0]!.locked) owned.set(part.lockKey, part);
    }
  };

  /** Handles what waits in one partition, in order, committing after each event; how many it handled. */
  const drain = async (part: OwnedPartition): Promise<number> => {
    const { rows } = await pool.query<{ offset: string; key: string; value: Buffer | null; headers: Record<string, string> }>(
      `SELECT l."offset", l.key, l.value, l.headers FROM event_log l
        WHERE l.topic = $1 AND l.partition = $2
          AND l."offset" >= coalesce((SELECT next_offset FROM event_group_offsets WHERE group_id = $3 AND topic = $1 AND partition = $2), 0)
        ORDER BY l."offset" LIMIT 100`,
      [part.topic, part.partition, subscribe.groupId],
    );
    const events: ReceivedEvent[] = rows.map((row) => ({
      topic: part.topic,
      partition: part.partition,
      offset: row.offset,
      key: row.key,
      value: row.value === null ? null : new Uint8Array(row.value.buffer, row.value.byteOffset, row.value.byteLength),
      headers: row.headers,
    }));
    const { handledThrough, failed } = await handleKeyOrdered(
      events,
      (event) => processInSpan('postgresql', subscribe.groupId, event, () => subscribe.handle(event, { heartbeat: async () => {}, signal: abort.signal })),
      () => abort.signal.aborted || !owned.has(part.lockKey),
    );
    // Committed through what was handled, before a failure stops the member.
    if (handledThrough !== undefined) {
      await pool.query(
        `INSERT INTO event_group_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
           ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
        [subscribe.groupId, part.topic, part.partition, (BigInt(handledThrough) + 1n).toString()],
      );
    }
    if (failed) throw failed;
    if (handledThrough === undefined) return 0;
    return rows.length;
  };

  const loop = (async () => {
    let lastRebalance = 0;
    while (!abort.signal.aborted) {
      try {
        if (Date.now() - lastRebalance >= pollIntervalMs) {
          await rebalance();
          lastRebalance = Date.now();
        }
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const handled = (await Promise.all([...owned.values()].map(drain))).reduce((sum, count) => sum + count, 0);
        if (handled === 0 && !abort.signal.aborted) {
          await Promise.race([woken, new Promise((resolve) => setTimeout(resolve, pollIntervalMs))]);
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        subscribe.onCrash?.(error instanceof Error ? error : new Error(String(error)));
        abort.abort();
      }
    }
  })();

  return {
    lag: async () => {
      const lag = new Map<string, number>();
      const { rows } = await pool.query<{ topic: string; partition: number; lag: string }>(
        `SELECT p.topic, p.partition, p.next_offset - coalesce(o.next_offset, (SELECT min("offset") FROM event_log l WHERE l.topic = p.topic AND l.partition = p.partition), p.next_offset) AS lag
           FROM event_partitions p LEFT JOIN event_group_offsets o ON o.group_id = $1 AND o.topic = p.topic AND o.partition = p.partition
          WHERE p.topic = ANY($2)`,
        [subscribe.groupId, subscribe.topics],
      );
      for (const row of rows) lag.set(`${row.topic}/${row.partition}`, Number(row.lag));
      return lag;
    },
    stop: async () => {
      abort.abort();
      wake?.();
      await loop;
      await session.query('DELETE FROM event_group_members WHERE group_id = $1 AND member_id = $2', [subscribe.groupId, memberId]).catch(() => undefined);
      // Ending the session releases its advisory locks: the partitions pass to the other members.
      await session.end().catch(() => undefined);
    },
  };
}

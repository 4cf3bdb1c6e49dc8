import { eventsV1, recommenderV1 } from '@shine/contracts';
import { RECOMMENDATIONS_TOPIC } from '@shine/events';
import { newId } from '@shine/platform';
import { inTransaction, type Pool, type PoolClient } from '@shine/postgres';
import type { Advice } from '../advice/build-recommendations.ts';

/** Told to every replica (NOTIFY) when a subject's recommendations changed or were erased. */
export const CHANGES_CHANNEL = 'shine_recommendations_changed';

export type Applied =
  | { readonly outcome: 'stored'; readonly recommendations: recommenderV1.Recommendations }
  /** This event's effect is already stored (a redelivery). */
  | { readonly outcome: 'duplicate' }
  /** A newer analysis of the subject is already stored: this one changes nothing. */
  | { readonly outcome: 'older' };

export interface AnalysisApplied {
  readonly eventId: string;
  readonly subjectId: string;
  readonly analysisId: string;
  readonly analyzedAt: Date;
  readonly advice: Advice;
  /** W3C trace context, carried on by the RecommendationsReady event. */
  readonly traceContext: Record<string, string>;
}

/** The read model, its processed events and its outbox: the service's only access to PostgreSQL. */
export interface RecommendationStore {
  /** Stores a subject's new recommendations with the event id and RecommendationsReady, in one transaction. */
  applyAnalysis(applied: AnalysisApplied): Promise<Applied>;
  /** Deletes a subject's recommendations and outbox events, with the event id, in one transaction. */
  eraseSubject(eventId: string, subjectId: string): Promise<'erased' | 'duplicate'>;
  get(subjectId: string): Promise<recommenderV1.Recommendations | undefined>;
  /** Forgets processed event ids older than the topics keep events (they can no longer come again). */
  pruneProcessedEvents(olderThanMs: number): Promise<number>;
}

export function createRecommendationStore(pool: Pool, options: { onEventWritten?: () => void } = {}): RecommendationStore {
  const apply = groupCommit(pool, applyAnalysis);
  return {
    applyAnalysis: async (applied) => {
      const result = await apply(applied);
      if (result.outcome === 'stored') options.onEventWritten?.();
      return result;
    },

    eraseSubject: (eventId, subjectId) =>
      inTransaction(pool, async (client) => {
        if (!(await markProcessed(client, eventId))) return 'duplicate';
        await client.query('DELETE FROM recommendations WHERE subject_id = $1', [subjectId]);
        // What was about to announce the subject's advice must not go out after the erasure, and the
        // copies of what went out are the subject's data too.
        await client.query('DELETE FROM outbox WHERE message_key = $1', [subjectId]);
        await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, subjectId]);
        return 'erased';
      }),

    get: async (subjectId) => {
      const { rows } = await pool.query<{ recommendations: Buffer }>('SELECT recommendations FROM recommendations WHERE subject_id = $1', [subjectId]);
      return rows[0] ? recommenderV1.Recommendations.decode(rows[0].recommendations) : undefined;
    },

    pruneProcessedEvents: async (olderThanMs) =>
      (await pool.query(`DELETE FROM processed_events WHERE processed_at < now() - $1 * interval '1 millisecond'`, [olderThanMs])).rowCount ?? 0,
  };
}

/** One event's effect, inside the caller's transaction: its id recorded with the new set, or nothing. */
async function applyAnalysis(client: PoolClient, applied: AnalysisApplied): Promise<Applied> {
  // One round trip: record the event (or learn it was already) and lock the subject's row.
  const { rows } = await client.query<{ fresh: boolean; analyzed_at: Date | null; revision: string | null }>({
    name: 'recommender-claim-event',
    text: `WITH processed AS (INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1),
                current AS (SELECT analyzed_at, revision FROM recommendations WHERE subject_id = $2 FOR UPDATE)
           SELECT EXISTS (SELECT 1 FROM processed) AS fresh, (SELECT analyzed_at FROM current), (SELECT revision FROM current)`,
    values: [applied.eventId, applied.subjectId],
  });
  const claim = rows[0]!;
  if (!claim.fresh) return { outcome: 'duplicate' };
  if (claim.analyzed_at && claim.analyzed_at.getTime() > applied.analyzedAt.getTime()) return { outcome: 'older' };
  const recommendations: recommenderV1.Recommendations = {
    subjectId: applied.subjectId,
    state: recommenderV1.RecommendationsState.RECOMMENDATIONS_STATE_READY,
    analysisId: applied.analysisId,
    revision: String(BigInt(claim.revision ?? '0') + 1n),
    updateTime: new Date(),
    palette: applied.advice.palette,
    products: applied.advice.products,
  };
  const ready = readyEvent(recommendations, applied.traceContext);
  // And one more: the new set, its RecommendationsReady in the outbox, and the change told to every replica.
  await client.query({
    name: 'recommender-store-set',
    text: `WITH stored AS (
             INSERT INTO recommendations (subject_id, analysis_id, analyzed_at, revision, updated_at, recommendations)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (subject_id) DO UPDATE SET analysis_id = EXCLUDED.analysis_id, analyzed_at = EXCLUDED.analyzed_at,
               revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at, recommendations = EXCLUDED.recommendations),
           announced AS (
             INSERT INTO outbox (id, topic, message_key, event_type, payload, headers) VALUES ($7, $8, $1, $9, $10, $11))
           SELECT pg_notify($12, $1)`,
    values: [
      applied.subjectId,
      applied.analysisId,
      applied.analyzedAt,
      recommendations.revision,
      recommendations.updateTime,
      Buffer.from(recommenderV1.Recommendations.encode(recommendations).finish()),
      ready.id,
      RECOMMENDATIONS_TOPIC,
      ready.type,
      Buffer.from(eventsV1.EventEnvelope.encode(ready).finish()),
      applied.traceContext,
      CHANGES_CHANNEL,
    ],
  });
  return { outcome: 'stored', recommendations };
}

/**
 * Group commit: what arrives while a transaction is in flight goes into the next one together (each
 * partition's consumer hands in one event at a time, so under load up to a partition count share a
 * commit and its WAL flush). Each item keeps its own effect and result; if a shared transaction
 * fails, its items are tried again one transaction each, so one bad item cannot fail the others.
 */
function groupCommit<Item, Result>(pool: Pool, work: (client: PoolClient, item: Item) => Promise<Result>, maxBatch = 64): (item: Item) => Promise<Result> {
  type Waiting = { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void };
  const queue: Waiting[] = [];
  let flushing = false;
  const run = (batch: Waiting[]) =>
    inTransaction(pool, async (client) => {
      const results: Result[] = [];
      for (const { item } of batch) results.push(await work(client, item));
      return results;
    });
  const flush = async () => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await run(batch);
        batch.forEach((waiting, index) => waiting.resolve(results[index]!));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const waiting of batch) await run([waiting]).then(([result]) => waiting.resolve(result!), waiting.reject);
      }
    }
    flushing = false;
  };
  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void flush();
    });
}

/** Records the event as processed; false when it already was (its effect is stored). */
async function markProcessed(client: PoolClient, eventId: string): Promise<boolean> {
  const { rowCount } = await client.query('INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [eventId]);
  return rowCount === 1;
}

function readyEvent(recommendations: recommenderV1.Recommendations, traceContext: Record<string, string>): eventsV1.EventEnvelope {
  return {
    id: newId(),
    type: 'shine.events.v1.RecommendationsReady',
    subjectId: recommendations.subjectId,
    occurredAt: recommendations.updateTime,
    traceContext,
    source: 'recommender',
    skinToneAnalyzed: undefined,
    recommendationsReady: { recommendations },
    subjectErased: undefined,
  };
}

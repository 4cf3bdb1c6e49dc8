import { context } from '@opentelemetry/api';
import { eventsV1, recommenderV1 } from '@shine/contracts';
import { RECOMMENDATIONS_TOPIC } from '@shine/events';
import { newId } from '@shine/platform';
import { inTransaction, type Pool, type PoolClient } from '@shine/postgres';
import type { Advice } from '../advice/build-recommendations.ts';
import { writeChangeNotice } from './change-notice.ts';

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
  const apply = groupCommit(pool, applyAnalyses);
  return {
    applyAnalysis: async (applied) => {
      // The change notice carries this call's trace (the consumer's), whichever call's transaction stores it.
      const result = await apply({ applied, notice: writeChangeNotice(applied.subjectId, context.active()) });
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

/**
 * The effects of several events (each a different subject), inside the caller's transaction, in
 * four statements whatever their number: the event ids recorded (or found already), the subjects'
 * rows locked, then every new set, its RecommendationsReady and its change notice written at once.
 */
async function applyAnalyses(client: PoolClient, items: readonly { applied: AnalysisApplied; notice: string }[]): Promise<Applied[]> {
  const batch = items.map((item) => item.applied);
  const { rows: fresh } = await client.query<{ event_id: string }>({
    name: 'recommender-claim-events',
    text: 'INSERT INTO processed_events (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id',
    values: [batch.map((applied) => applied.eventId)],
  });
  const { rows: current } = await client.query<{ subject_id: string; analyzed_at: Date; revision: string }>({
    name: 'recommender-lock-subjects',
    text: 'SELECT subject_id, analyzed_at, revision FROM recommendations WHERE subject_id = ANY($1::text[]) FOR UPDATE',
    values: [batch.map((applied) => applied.subjectId)],
  });
  const claimed = new Set(fresh.map((row) => row.event_id));
  const stored = new Map(current.map((row) => [row.subject_id, row]));
  const results: Applied[] = [];
  const writes: { applied: AnalysisApplied; notice: string; recommendations: recommenderV1.Recommendations; ready: eventsV1.EventEnvelope }[] = [];
  for (const { applied, notice } of items) {
    const now = stored.get(applied.subjectId);
    if (!claimed.has(applied.eventId)) results.push({ outcome: 'duplicate' });
    else if (now && now.analyzed_at.getTime() > applied.analyzedAt.getTime()) results.push({ outcome: 'older' });
    else {
      const recommendations: recommenderV1.Recommendations = {
        subjectId: applied.subjectId,
        state: recommenderV1.RecommendationsState.RECOMMENDATIONS_STATE_READY,
        analysisId: applied.analysisId,
        revision: String(BigInt(now?.revision ?? '0') + 1n),
        updateTime: new Date(),
        palette: applied.advice.palette,
        products: applied.advice.products,
      };
      writes.push({ applied, notice, recommendations, ready: readyEvent(recommendations, applied.traceContext) });
      results.push({ outcome: 'stored', recommendations });
    }
  }
  if (writes.length === 0) return results;
  await client.query({
    name: 'recommender-store-sets',
    text: `WITH sets AS (
             SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::bigint[], $5::timestamptz[], $6::bytea[], $7::uuid[], $8::bytea[], $9::jsonb[], $13::text[])
               AS s (subject_id, analysis_id, analyzed_at, revision, updated_at, recommendations, event_id, payload, headers, notice)),
           stored AS (
             INSERT INTO recommendations (subject_id, analysis_id, analyzed_at, revision, updated_at, recommendations)
             SELECT subject_id, analysis_id, analyzed_at, revision, updated_at, recommendations FROM sets
             ON CONFLICT (subject_id) DO UPDATE SET analysis_id = EXCLUDED.analysis_id, analyzed_at = EXCLUDED.analyzed_at,
               revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at, recommendations = EXCLUDED.recommendations),
           announced AS (
             INSERT INTO outbox (id, topic, message_key, event_type, payload, headers)
             SELECT event_id, $10, subject_id, $11, payload, headers FROM sets)
           SELECT pg_notify($12, notice) FROM sets`,
    values: [
      writes.map((write) => write.applied.subjectId),
      writes.map((write) => write.applied.analysisId),
      writes.map((write) => write.applied.analyzedAt),
      writes.map((write) => write.recommendations.revision),
      writes.map((write) => write.recommendations.updateTime),
      writes.map((write) => Buffer.from(recommenderV1.Recommendations.encode(write.recommendations).finish())),
      writes.map((write) => write.ready.id),
      writes.map((write) => Buffer.from(eventsV1.EventEnvelope.encode(write.ready).finish())),
      writes.map((write) => JSON.stringify(write.applied.traceContext)),
      RECOMMENDATIONS_TOPIC,
      writes[0]!.ready.type,
      CHANGES_CHANNEL,
      writes.map((write) => write.notice),
    ],
  });
  return results;
}

/**
 * Group commit: what arrives while a transaction is in flight goes into the next one together (the
 * consumer hands in many subjects' events at once, each subject's in order), so under load many
 * events share one transaction, its statements and its WAL flush. If a shared transaction fails,
 * its items are tried again one transaction each, so one bad item cannot fail the others.
 */
function groupCommit<Item, Result>(pool: Pool, work: (client: PoolClient, items: readonly Item[]) => Promise<Result[]>, maxBatch = 256): (item: Item) => Promise<Result> {
  type Waiting = { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void };
  const queue: Waiting[] = [];
  let flushing = false;
  const run = (batch: readonly Waiting[]) => inTransaction(pool, (client) => work(client, batch.map((waiting) => waiting.item)));
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

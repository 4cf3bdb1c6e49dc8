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
  /** Whether an event's effect is already stored (so its advice need not be built again). */
  isProcessed(eventId: string): Promise<boolean>;
  /** Stores a subject's new recommendations with the event id and RecommendationsReady, in one transaction. */
  applyAnalysis(applied: AnalysisApplied): Promise<Applied>;
  /** Deletes a subject's recommendations and outbox events, with the event id, in one transaction. */
  eraseSubject(eventId: string, subjectId: string): Promise<'erased' | 'duplicate'>;
  get(subjectId: string): Promise<recommenderV1.Recommendations | undefined>;
  /** Forgets processed event ids older than the topics keep events (they can no longer come again). */
  pruneProcessedEvents(olderThanMs: number): Promise<number>;
}

export function createRecommendationStore(pool: Pool, options: { onEventWritten?: () => void } = {}): RecommendationStore {
  return {
    isProcessed: async (eventId) => (await pool.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).rowCount === 1,

    applyAnalysis: async (applied) => {
      const result = await inTransaction(pool, async (client): Promise<Applied> => {
        if (!(await markProcessed(client, applied.eventId))) return { outcome: 'duplicate' };
        const { rows } = await client.query<{ analyzed_at: Date; revision: string }>(
          'SELECT analyzed_at, revision FROM recommendations WHERE subject_id = $1 FOR UPDATE',
          [applied.subjectId],
        );
        const current = rows[0];
        if (current && current.analyzed_at.getTime() > applied.analyzedAt.getTime()) return { outcome: 'older' };
        const recommendations: recommenderV1.Recommendations = {
          subjectId: applied.subjectId,
          state: recommenderV1.RecommendationsState.RECOMMENDATIONS_STATE_READY,
          analysisId: applied.analysisId,
          revision: String(BigInt(current?.revision ?? '0') + 1n),
          updateTime: new Date(),
          palette: applied.advice.palette,
          products: applied.advice.products,
        };
        await client.query(
          `INSERT INTO recommendations (subject_id, analysis_id, analyzed_at, revision, updated_at, recommendations)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (subject_id) DO UPDATE SET analysis_id = EXCLUDED.analysis_id, analyzed_at = EXCLUDED.analyzed_at,
             revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at, recommendations = EXCLUDED.recommendations`,
          [applied.subjectId, applied.analysisId, applied.analyzedAt, recommendations.revision, recommendations.updateTime, recommenderV1.Recommendations.toJSON(recommendations)],
        );
        await writeReady(client, recommendations, applied.traceContext);
        await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, applied.subjectId]);
        return { outcome: 'stored', recommendations };
      });
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
      const { rows } = await pool.query<{ recommendations: unknown }>('SELECT recommendations FROM recommendations WHERE subject_id = $1', [subjectId]);
      return rows[0] ? recommenderV1.Recommendations.fromJSON(rows[0].recommendations) : undefined;
    },

    pruneProcessedEvents: async (olderThanMs) =>
      (await pool.query(`DELETE FROM processed_events WHERE processed_at < now() - $1 * interval '1 millisecond'`, [olderThanMs])).rowCount ?? 0,
  };
}

/** Records the event as processed; false when it already was (its effect is stored). */
async function markProcessed(client: PoolClient, eventId: string): Promise<boolean> {
  const { rowCount } = await client.query('INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [eventId]);
  return rowCount === 1;
}

async function writeReady(client: PoolClient, recommendations: recommenderV1.Recommendations, traceContext: Record<string, string>): Promise<void> {
  const type = 'shine.events.v1.RecommendationsReady';
  const envelope: eventsV1.EventEnvelope = {
    id: newId(),
    type,
    subjectId: recommendations.subjectId,
    occurredAt: recommendations.updateTime,
    traceContext,
    source: 'recommender',
    skinToneAnalyzed: undefined,
    recommendationsReady: { recommendations },
    subjectErased: undefined,
  };
  await client.query('INSERT INTO outbox (id, topic, message_key, event_type, payload, headers) VALUES ($1, $2, $3, $4, $5, $6)', [
    envelope.id,
    RECOMMENDATIONS_TOPIC,
    recommendations.subjectId,
    type,
    Buffer.from(eventsV1.EventEnvelope.encode(envelope).finish()),
    traceContext,
  ]);
}

import { analysisV1, eventsV1 } from '@shine/contracts';
import { ANALYSIS_TOPIC } from '@shine/events';
import { decodePageToken, encodePageToken, isUuid, newId, Code, ShineError } from '@shine/platform';
import { inTransaction, type Pool, type PoolClient } from '@shine/postgres';

type Analysis = analysisV1.Analysis;

export interface StoredPhoto {
  contentType: string;
  bytes: Uint8Array;
}

/** The analyses table, its photos and the outbox: the service's only access to PostgreSQL. */
export interface AnalysisStore {
  /** Saves the analysis (and the photo when given) and, for a subject, its event, in one transaction. */
  save(analysis: Analysis, options: { photo?: StoredPhoto; traceContext: Record<string, string> }): Promise<void>;
  get(id: string): Promise<Analysis | undefined>;
  listBySubject(subjectId: string, pageSize: number, pageToken: string): Promise<{ analyses: Analysis[]; nextPageToken: string }>;
  /** Erases every analysis and photo of a subject and writes the SubjectErased tombstone. */
  eraseSubject(subjectId: string, traceContext: Record<string, string>): Promise<{ analyses: number; photos: number; erasedAt: Date }>;
}

/**
 * `onEventWritten` is told after a transaction that wrote an outbox event committed, so the relay
 * publishes it now rather than at its next idle look.
 */
export function createAnalysisStore(pool: Pool, options: { onEventWritten?: () => void } = {}): AnalysisStore {
  const eventWritten = () => options.onEventWritten?.();
  return {
    save: async (analysis, { photo, traceContext }) => {
      const wroteEvent = await inTransaction(pool, async (client) => {
        const skinTone = analysis.skinTone;
        if (!skinTone || !analysis.createTime) throw new Error('only a complete analysis can be saved');
        await client.query(
          `INSERT INTO analyses (id, subject_id, created_at, monk_level, ita_degrees, confidence, pipeline, analysis)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            analysis.id,
            analysis.subjectId || null,
            analysis.createTime,
            skinTone.monk,
            skinTone.itaDegrees,
            skinTone.confidence,
            analysis.model?.pipelineVersion ?? '',
            analysisV1.Analysis.toJSON(analysis),
          ],
        );
        if (photo) {
          await client.query('INSERT INTO analysis_photos (analysis_id, content_type, bytes) VALUES ($1, $2, $3)', [
            analysis.id,
            photo.contentType,
            Buffer.from(photo.bytes),
          ]);
        }
        if (!analysis.subjectId) return false;
        await writeEvent(client, {
          subjectId: analysis.subjectId,
          occurredAt: analysis.createTime,
          traceContext,
          skinToneAnalyzed: {
            analysisId: analysis.id,
            skinTone,
            warnings: analysis.warnings.map((warning) => warning.code),
          },
        });
        return true;
      });
      if (wroteEvent) eventWritten();
    },

    get: async (id) => {
      const { rows } = await pool.query<{ analysis: unknown }>('SELECT analysis FROM analyses WHERE id = $1', [id]);
      return rows[0] ? analysisV1.Analysis.fromJSON(rows[0].analysis) : undefined;
    },

    listBySubject: async (subjectId, pageSize, pageToken) => {
      const cursor = decodePageToken(pageToken, `subject:${subjectId}`);
      const params: unknown[] = [subjectId, pageSize + 1];
      let where = 'subject_id = $1';
      if (cursor) {
        const [createdAt, id] = cursor.after;
        if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) {
          throw new ShineError(Code.INVALID_ARGUMENT, 'pageToken is not valid for this query', { reason: 'INVALID_PAGE_TOKEN' });
        }
        params.push(createdAt, id);
        where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
      }
      const { rows } = await pool.query<{ analysis: unknown; created_at: Date; id: string }>(
        `SELECT analysis, created_at, id FROM analyses WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
        params,
      );
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      return {
        analyses: page.map((row) => analysisV1.Analysis.fromJSON(row.analysis)),
        nextPageToken:
          rows.length > pageSize && last
            ? encodePageToken({ query: `subject:${subjectId}`, after: [last.created_at.toISOString(), last.id] })
            : '',
      };
    },

    eraseSubject: async (subjectId, traceContext) => {
      const erased = await inTransaction(pool, async (client) => {
        const photos = await client.query(
          'DELETE FROM analysis_photos WHERE analysis_id IN (SELECT id FROM analyses WHERE subject_id = $1)',
          [subjectId],
        );
        const analyses = await client.query('DELETE FROM analyses WHERE subject_id = $1', [subjectId]);
        // Events about the subject that were never published must not leak out after the erasure, and
        // the copies of those that were are the subject's data too.
        await client.query('DELETE FROM outbox WHERE message_key = $1', [subjectId]);
        const erasedAt = new Date();
        await writeEvent(client, { subjectId, occurredAt: erasedAt, traceContext, subjectErased: { eraseTime: erasedAt } });
        return { analyses: analyses.rowCount ?? 0, photos: photos.rowCount ?? 0, erasedAt };
      });
      eventWritten();
      return erased;
    },
  };
}

type EventPayload =
  | { skinToneAnalyzed: eventsV1.SkinToneAnalyzed; subjectErased?: never }
  | { subjectErased: eventsV1.SubjectErased; skinToneAnalyzed?: never };

async function writeEvent(
  client: PoolClient,
  event: { subjectId: string; occurredAt: Date; traceContext: Record<string, string> } & EventPayload,
): Promise<void> {
  const type = event.skinToneAnalyzed ? 'shine.events.v1.SkinToneAnalyzed' : 'shine.events.v1.SubjectErased';
  const envelope: eventsV1.EventEnvelope = {
    id: newId(),
    type,
    subjectId: event.subjectId,
    occurredAt: event.occurredAt,
    traceContext: event.traceContext,
    source: 'analysis',
    skinToneAnalyzed: event.skinToneAnalyzed,
    recommendationsReady: undefined,
    subjectErased: event.subjectErased,
  };
  await client.query(
    `INSERT INTO outbox (id, topic, message_key, event_type, payload, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
    [envelope.id, ANALYSIS_TOPIC, event.subjectId, type, Buffer.from(eventsV1.EventEnvelope.encode(envelope).finish()), event.traceContext],
  );
}

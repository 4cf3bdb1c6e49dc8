import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analysisV1, eventsV1 } from '@shine/contracts';
import { Code, newId } from '@shine/platform';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { createAnalysisStore, type AnalysisStore } from './analysis-store.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));

function sampleAnalysis(subjectId: string, createTime: Date, monk = 5): analysisV1.Analysis {
  return analysisV1.Analysis.fromPartial({
    id: newId(createTime.getTime()),
    subjectId,
    createTime,
    skinTone: { lab: { l: 55, a: 12, b: 18 }, hex: '#a07e56', itaDegrees: 15.9, monk, confidence: 0.8, undertone: 1 },
    warnings: [{ code: analysisV1.QualityWarningCode.QUALITY_WARNING_CODE_BLURRED, message: 'the photo is blurred' }],
    model: { pipelineVersion: 'test-1' },
    persisted: true,
  });
}

describe('analysis store on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: AnalysisStore;

  before(async () => {
    database = await createTestDatabase({ migrations: migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    store = createAnalysisStore(pool);
  });

  after(async () => {
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('saves an analysis and its SkinToneAnalyzed event in the outbox, and reads it back unchanged', async () => {
    const analysis = sampleAnalysis('subject-a', new Date('2026-01-01T10:00:00Z'), 7);
    await store.save(analysis, { traceContext: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    assert.deepEqual(await store.get(analysis.id), analysis);

    const { rows } = await pool.query<{ topic: string; message_key: string; payload: Buffer; headers: object }>(
      'SELECT topic, message_key, payload, headers FROM outbox',
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.topic, 'shine.analysis.v1');
    assert.equal(rows[0]?.message_key, 'subject-a');
    const envelope = eventsV1.EventEnvelope.decode(rows[0]!.payload);
    assert.equal(envelope.type, 'shine.events.v1.SkinToneAnalyzed');
    assert.equal(envelope.skinToneAnalyzed?.analysisId, analysis.id);
    assert.equal(envelope.skinToneAnalyzed?.skinTone?.monk, 7);
    assert.deepEqual(envelope.skinToneAnalyzed?.warnings, [analysisV1.QualityWarningCode.QUALITY_WARNING_CODE_BLURRED]);
    assert.equal(envelope.traceContext['traceparent'], '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('writes no event for a persisted guest analysis', async () => {
    const before = await pool.query('SELECT count(*)::int AS n FROM outbox');
    const guest = sampleAnalysis('', new Date());
    await store.save(guest, { traceContext: {} });
    assert.deepEqual(await store.get(guest.id), guest);
    const afterSave = await pool.query('SELECT count(*)::int AS n FROM outbox');
    assert.equal(afterSave.rows[0].n, before.rows[0].n);
  });

  it('saves nothing when the transaction fails half-way', async () => {
    const analysis = sampleAnalysis('subject-x', new Date());
    // The analysis row goes in, then the photo row breaks a NOT NULL constraint.
    const brokenPhoto = { contentType: null as unknown as string, bytes: new Uint8Array([1]) };
    await assert.rejects(store.save(analysis, { photo: brokenPhoto, traceContext: {} }), /content_type/);
    assert.equal(await store.get(analysis.id), undefined);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM outbox WHERE message_key = 'subject-x'");
    assert.equal(rows[0].n, 0);
  });

  it('pages through a subject’s analyses newest first, without gaps or repeats', async () => {
    const start = Date.parse('2026-02-01T00:00:00Z');
    const saved: string[] = [];
    for (let index = 0; index < 7; index++) {
      const analysis = sampleAnalysis('subject-b', new Date(start + index * 60_000));
      await store.save(analysis, { traceContext: {} });
      saved.push(analysis.id);
    }
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await store.listBySubject('subject-b', 3, token);
      seen.push(...page.analyses.map((analysis) => analysis.id));
      token = page.nextPageToken;
      pages++;
    } while (token !== '' && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...saved].reverse());
  });

  it('refuses a page token made for another subject', async () => {
    const page = await store.listBySubject('subject-b', 1, '');
    await assert.rejects(store.listBySubject('subject-a', 1, page.nextPageToken), { code: Code.INVALID_ARGUMENT });
    // A well-formed token whose cursor is garbage must not reach the SQL casts (that was INTERNAL).
    const forged = Buffer.from(JSON.stringify(['subject:subject-b', ['garbage', 'nope']])).toString('base64url');
    await assert.rejects(store.listBySubject('subject-b', 1, forged), { code: Code.INVALID_ARGUMENT });
  });

  it('erases a subject’s analyses, photos and events (published or not), leaving only the erasure to publish', async () => {
    const earlier = sampleAnalysis('subject-c', new Date(Date.now() - 60_000));
    await store.save(earlier, { traceContext: {} });
    await pool.query("UPDATE outbox SET published_at = now() WHERE message_key = 'subject-c'");
    const analysis = sampleAnalysis('subject-c', new Date());
    await store.save(analysis, { photo: { contentType: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]) }, traceContext: {} });
    const erased = await store.eraseSubject('subject-c', {});
    assert.deepEqual({ analyses: erased.analyses, photos: erased.photos }, { analyses: 2, photos: 1 });
    assert.equal(await store.get(analysis.id), undefined);
    const { rows } = await pool.query<{ event_type: string }>("SELECT event_type FROM outbox WHERE message_key = 'subject-c'");
    assert.deepEqual(rows.map((row) => row.event_type), ['shine.events.v1.SubjectErased']);
    const photos = await pool.query('SELECT count(*)::int AS n FROM analysis_photos');
    assert.equal(photos.rows[0].n, 0);
  });
});

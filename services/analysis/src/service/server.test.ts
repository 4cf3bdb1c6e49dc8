import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { analysisV1, loadDescriptorSet } from '@shine/contracts';
import {
  createClient,
  createLogger,
  createMetrics,
  newId,
  reasonMetadataKey,
  startService,
  type RunningService,
} from '@shine/platform';
import { baseConfigSchema, loadConfig } from '@shine/platform/config';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import sharp from 'sharp';
import { toMeasuredAnalysis } from './analysis-message.ts';
import { createAnalysisStore } from './analysis-store.ts';
import { analysisService } from './server.ts';
import { readTestPhoto } from '../testing/test-photos.ts';
import type { AnalysisWorkerData, TimedPhotoAnalysis } from '../workers/analysis-worker.ts';
import { InferencePool } from '../workers/inference-pool.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
type Client = analysisV1.AnalysisServiceClient;

const analyze = (client: Client, request: Partial<analysisV1.AnalyzeImageRequest>) =>
  new Promise<analysisV1.AnalyzeImageResponse>((resolve, reject) =>
    client.analyzeImage(analysisV1.AnalyzeImageRequest.fromPartial(request), (error, response) => (error ? reject(error) : resolve(response))),
  );

/** GetAnalysis as the gateway calls it: on behalf of the token's subject, or as a guest without one. */
const getAnalysis = (client: Client, analysisId: string, subject?: string) => {
  const metadata = new grpc.Metadata();
  if (subject !== undefined) metadata.set('shine-subject-id', subject);
  return new Promise<analysisV1.GetAnalysisResponse>((resolve, reject) =>
    client.getAnalysis({ analysisId }, metadata, (error, response) => (error ? reject(error) : resolve(response))),
  );
};

/** The code, message (with the id taken out) and reason of a failed call, to compare two refusals. */
const refusalOf = (call: Promise<unknown>, analysisId: string) =>
  call.then(
    () => assert.fail('the call succeeded'),
    (error: grpc.ServiceError) => ({
      code: error.code,
      details: error.details.replaceAll(analysisId, '<id>'),
      reason: error.metadata.get(reasonMetadataKey)[0],
    }),
  );

/** The real service over gRPC: worker threads with TF.js, PostgreSQL, the platform server. */
async function startAnalysis(pool: Pool, workers: { size: number; queueLimit: number }, options: { answerAfterAbort?: boolean } = {}) {
  const workerData: AnalysisWorkerData = { maxPixels: 40_000_000, backend: 'auto' };
  const inference = new InferencePool({ workerUrl: new URL('../workers/analysis-worker.ts', import.meta.url), workerData, ...workers });
  const running = await startService({
    config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
    logger: createLogger({ service: 'analysis', version: 'test', level: 'silent' }),
    metrics: createMetrics({ service: 'analysis', version: 'test' }),
    descriptorSet: loadDescriptorSet(),
    services: [
      analysisService({
        store: createAnalysisStore(pool),
        maxImageBytes: 15 * 1024 * 1024,
        newId: () => newId(),
        analyze: async (image, signal) => {
          const measured = toMeasuredAnalysis((await inference.run<TimedPhotoAnalysis>(image, { signal })).analysis);
          // The photo is measured only as the caller's deadline passes: the race a slow photo can run.
          if (options.answerAfterAbort) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          return measured;
        },
      }),
    ],
  });
  running.onShutdown(() => inference.close());
  await inference.ready();
  running.setReady(true);
  return { running, inference, client: createClient(analysisV1.AnalysisServiceClient, `127.0.0.1:${running.grpcPort}`) };
}

describe('AnalysisService over gRPC', () => {
  let database: TestDatabase;
  let pool: Pool;
  let running: RunningService;
  let client: Client;

  before(async () => {
    database = await createTestDatabase({ migrations: migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    ({ running, client } = await startAnalysis(pool, { size: 1, queueLimit: 4 }));
  });

  after(async () => {
    client.close();
    await running.shutdown('test over');
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('measures a guest photo without storing it', async () => {
    const { analysis } = await analyze(client, { image: await readTestPhoto('astronaut.jpg') });
    assert.ok(analysis);
    assert.equal(analysis.persisted, false);
    assert.ok(analysis.skinTone!.monk >= 1 && analysis.skinTone!.monk <= 4, `light skin read as MST ${analysis.skinTone!.monk}`);
    assert.equal(analysis.skinTone!.monkProbabilities.length, 10);
    assert.equal(analysis.face!.landmarkCount, 468);
    assert.equal(analysis.model!.backend, 'wasm');
    await assert.rejects(getAnalysis(client, analysis.id), { code: grpc.status.NOT_FOUND });
  });

  it("stores a subject's analysis with its event, never the photo unless asked", async () => {
    const { analysis } = await analyze(client, { image: await readTestPhoto('ai-face.jpg'), subjectId: 'subject-1' });
    assert.equal(analysis!.persisted, true);
    assert.equal(analysis!.photoStored, false);
    const fetched = await getAnalysis(client, analysis!.id, 'subject-1');
    assert.deepEqual(fetched.analysis, analysis);
    const photos = await pool.query('SELECT count(*)::int AS n FROM analysis_photos');
    assert.equal(photos.rows[0].n, 0);
    const events = await pool.query("SELECT count(*)::int AS n FROM outbox WHERE message_key = 'subject-1'");
    assert.equal(events.rows[0].n, 1);
  });

  it("gives a subject's analysis only to that subject, refusing anyone else as if it did not exist", async () => {
    const { analysis } = await analyze(client, { image: await readTestPhoto('astronaut.jpg'), subjectId: 'subject-2' });
    const id = analysis!.id;
    assert.deepEqual((await getAnalysis(client, id, 'subject-2')).analysis, analysis);

    const missing = newId();
    const notFound = await refusalOf(getAnalysis(client, missing, 'subject-2'), missing);
    assert.equal(notFound.code, grpc.status.NOT_FOUND);
    assert.equal(notFound.reason, 'ANALYSIS_NOT_FOUND');
    assert.deepEqual(await refusalOf(getAnalysis(client, id, 'subject-3'), id), notFound, 'another subject');
    assert.deepEqual(await refusalOf(getAnalysis(client, id), id), notFound, 'a guest');
    assert.deepEqual(await refusalOf(getAnalysis(client, id, ''), id), notFound, 'an empty subject');
  });

  it('gives a persisted guest analysis to whoever holds its id', async () => {
    const { analysis } = await analyze(client, { image: await readTestPhoto('astronaut.jpg'), persist: true });
    assert.equal(analysis!.persisted, true);
    assert.equal(analysis!.subjectId, '');
    assert.deepEqual((await getAnalysis(client, analysis!.id)).analysis, analysis);
    assert.deepEqual((await getAnalysis(client, analysis!.id, 'subject-3')).analysis, analysis);
  });

  it('reports several faces, measuring the largest', async () => {
    const { analysis } = await analyze(client, { image: await readTestPhoto('group-6.jpg') });
    assert.equal(analysis!.otherFaces.length, 3);
    const codes = analysis!.warnings.map((warning) => warning.code);
    assert.ok(codes.includes(analysisV1.QualityWarningCode.QUALITY_WARNING_CODE_MULTIPLE_FACES));
    const largest = analysis!.face!.boundingBox!;
    for (const other of analysis!.otherFaces) assert.ok(other.width * other.height <= largest.width * largest.height);
  });

  it('answers FAILED_PRECONDITION when the photo shows no face', async () => {
    const landscape = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg().toBuffer();
    await assert.rejects(analyze(client, { image: landscape }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.FAILED_PRECONDITION);
      assert.match(error.details, /no face was found/);
      return true;
    });
  });

  it('answers FAILED_PRECONDITION, saying why, for a black-and-white photo and for a face too small to measure', async () => {
    const astronaut = await readTestPhoto('astronaut.jpg');
    const cases: Array<[string, Buffer, string, RegExp]> = [
      ['black and white', await sharp(astronaut).greyscale().jpeg().toBuffer(), 'BLACK_AND_WHITE_PHOTO', /black and white/],
      // The whole photo at 64 px: the face is found, but about 20 px wide.
      ['tiny', await sharp(astronaut).resize(64).png().toBuffer(), 'FACE_TOO_SMALL', /too small to measure \(\d+ pixels wide\)/],
    ];
    for (const [name, image, reason, message] of cases) {
      await assert.rejects(analyze(client, { image }), (error: grpc.ServiceError) => {
        assert.equal(error.code, grpc.status.FAILED_PRECONDITION, `${name}: ${error.details}`);
        assert.match(error.details, message, name);
        assert.deepEqual(error.metadata.get(reasonMetadataKey), [reason], name);
        return true;
      });
    }
  });

  it('refuses hostile inputs with INVALID_ARGUMENT and a message a person understands', async () => {
    const jpeg = await readTestPhoto('astronaut.jpg');
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20000, 0);
    ihdr.writeUInt32BE(20000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const pngHeader = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), ihdr, Buffer.alloc(4)]);
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['zero bytes', new Uint8Array(0), /^no photo: the image field is missing or empty \(0 bytes\)/],
      ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), /PDF, not a photo/],
      ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), /SVG/],
      ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 251)), /not an image/],
      ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), /truncated|damaged|incomplete/i],
      ['a 20000×20000 PNG header', pngHeader, /megapixels|too many pixels|limit/i],
    ];
    for (const [name, image, message] of cases) {
      await assert.rejects(analyze(client, { image }), (error: grpc.ServiceError) => {
        assert.equal(error.code, grpc.status.INVALID_ARGUMENT, `${name}: ${error.details}`);
        assert.match(error.details, message, name);
        return true;
      });
    }
  });
});

describe('AnalysisService under load, and when callers give up', () => {
  let database: TestDatabase;
  let pool: Pool;

  before(async () => {
    database = await createTestDatabase({ migrations: migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
  });

  after(async () => {
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('stores nothing for a photo measured only after the deadline passed', async () => {
    const { running, client } = await startAnalysis(pool, { size: 1, queueLimit: 1 }, { answerAfterAbort: true });
    try {
      const image = await readTestPhoto('astronaut.jpg');
      const call = new Promise((resolve, reject) =>
        client.analyzeImage(analysisV1.AnalyzeImageRequest.fromPartial({ image, subjectId: 'late-subject' }), new grpc.Metadata(), { deadline: Date.now() + 1_500 }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
      await assert.rejects(call, { code: grpc.status.DEADLINE_EXCEEDED });
      // The handler runs on after the client stopped waiting; give it the moment it needs.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rows = await pool.query("SELECT (SELECT count(*)::int FROM analyses) AS analyses, (SELECT count(*)::int FROM outbox) AS events");
      assert.deepEqual(rows.rows[0], { analyses: 0, events: 0 });
    } finally {
      client.close();
      await running.shutdown('test over');
    }
  });

  it('sheds excess photos with RESOURCE_EXHAUSTED at once while health keeps answering', async () => {
    const { running, inference, client } = await startAnalysis(pool, { size: 1, queueLimit: 1 });
    try {
      // A 4000-pixel-wide group photo keeps the one worker busy for a few hundred milliseconds.
      const photo = await sharp(await readTestPhoto('group-5.jpg')).resize({ width: 4000 }).jpeg({ quality: 95 }).toBuffer();
      let firstDoneAt = Infinity;
      const calls = Array.from({ length: 6 }, () =>
        analyze(client, { image: photo }).then(
          () => {
            firstDoneAt = Math.min(firstDoneAt, performance.now());
            return 'ok';
          },
          (error: grpc.ServiceError) => error.code,
        ),
      );
      while (inference.running === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      const busyFrom = performance.now();
      // With the first photo in the worker, the event loop is free: readiness and gRPC health answer
      // at once. Inference on the main thread would hold them until the photo was done.
      const ready = await fetch(`http://127.0.0.1:${running.httpPort}/readyz`);
      const healthClient = new grpc.Client(`127.0.0.1:${running.grpcPort}`, grpc.credentials.createInsecure());
      const bytes = (buffer: Buffer) => buffer;
      const health = await new Promise<Buffer>((resolve, reject) =>
        healthClient.makeUnaryRequest('/grpc.health.v1.Health/Check', bytes, bytes, Buffer.alloc(0), (error, response) => (error ? reject(error) : resolve(response!))),
      );
      const answeredIn = performance.now() - busyFrom;
      healthClient.close();
      assert.equal(ready.status, 200);
      assert.deepEqual([...health], [0x08, 0x01], 'HealthCheckResponse { status: SERVING }');
      const outcomes = await Promise.all(calls);
      assert.equal(outcomes.filter((outcome) => outcome === 'ok').length, 2, outcomes.join());
      assert.equal(outcomes.filter((outcome) => outcome === grpc.status.RESOURCE_EXHAUSTED).length, 4, outcomes.join());
      const firstPhotoTook = firstDoneAt - busyFrom;
      assert.ok(answeredIn < firstPhotoTook / 2, `health took ${answeredIn.toFixed(0)} ms while the first photo took ${firstPhotoTook.toFixed(0)} ms`);
    } finally {
      client.close();
      await running.shutdown('test over');
    }
  });
});

// PostgreSQL restarted while clients upload and read through the gateway: every request gets an
// answer, each failure a quick 503 with Retry-After (never a hang, a 500 or a cut connection); the
// same service processes serve again once the server is back; nothing half-written stays behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { createPool, type Pool } from '@shine/postgres';
import { eventually } from '../support/eventually.ts';
import { photoUpload, requestOutcome, tally, unexpected, type RequestOutcome } from '../support/request-outcome.ts';
import { startShineStack, type ShineStack } from '../support/shine-stack.ts';

const photos = ['astronaut.jpg', 'messi5.jpg', 'ai-face.jpg'];
/** Past the gateway's 10 s default deadline (uploads get 30 s): an answer this late is a hang. */
const hungAfterMs = 20_000;
/** A database that is down must be answered for sooner than the pool's 5 s connect timeout plus the work itself. */
const fastFailureMs = 8_000;

describe('PostgreSQL restarted under load', { timeout: 240_000 }, () => {
  let stack: ShineStack;
  let analysisDb: Pool;
  let recommenderDb: Pool;

  before(async () => {
    stack = await startShineStack({ ownPostgres: true });
  });
  after(async () => {
    await analysisDb?.end();
    await recommenderDb?.end();
    await stack?.stop();
  });

  it('answers 503 with Retry-After while it is down, serves again without a restart, and leaves no partial rows', async () => {
    // A service that dies is named at once, instead of showing only as requests that never succeed.
    const noneDied = () => {
      const died = Object.entries(stack.services).filter(([, service]) => service.child.exitCode !== null || service.child.signalCode !== null);
      if (died.length > 0) throw new Error(`${died.map(([name]) => name).join(', ')} exited when PostgreSQL restarted (see its output above)`);
    };
    const pids = Object.fromEntries(Object.entries(stack.services).map(([name, service]) => [name, service.child.pid]));
    const images = await Promise.all(photos.map((name) => readTestPhoto(name)));
    const uploads: { subject: string; outcome: RequestOutcome }[] = [];
    const reads: RequestOutcome[] = [];
    let sent = 0;
    let loading = true;
    // Three clients: one uploads (a new subject each time), two read what the databases hold.
    const uploader = async () => {
      while (loading) {
        const index = sent++;
        const subject = `pg-restart-${index}`;
        const authorization = `Bearer ${await stack.token(subject)}`;
        const outcome = await requestOutcome(`${stack.origin}/v1/analyses`, photoUpload(images[index % images.length]!, photos[index % photos.length]!, subject, authorization), hungAfterMs);
        uploads.push({ subject, outcome });
      }
    };
    const reader = async () => {
      for (let round = 0; loading; round++) {
        const subject = `pg-restart-${round % Math.max(1, sent)}`;
        const authorization = `Bearer ${await stack.token(subject)}`;
        const path = round % 2 === 0 ? `/v1/subjects/${subject}/recommendations` : `/v1/subjects/${subject}/analyses`;
        reads.push(await requestOutcome(`${stack.origin}${path}`, { headers: { authorization } }, hungAfterMs));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const load = Promise.all([uploader(), reader(), reader()]);
    let stoppedAt = 0;
    try {
      await eventually(async () => (uploads.some(({ outcome }) => outcome.kind === 'answer' && outcome.status === 200) ? true : undefined), 'a first stored upload', 60_000);
      await stack.stopPostgres();
      stoppedAt = uploads.length + reads.length;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await stack.startPostgres();
      const restartedAt = uploads.length;
      // Served again by the same processes: an upload stored, and reads answered, after the restart.
      await eventually(
        async () => (noneDied(), uploads.slice(restartedAt).some(({ outcome }) => outcome.kind === 'answer' && outcome.status === 200) ? true : undefined),
        'an upload stored after PostgreSQL came back (the services did not recover)',
        60_000,
      );
      const readsAfter = reads.length;
      await eventually(async () => (noneDied(), reads.slice(readsAfter).filter((outcome) => outcome.kind === 'answer' && outcome.status === 200).length >= 4 ? true : undefined), 'reads answered after PostgreSQL came back', 30_000);
    } finally {
      // Whatever failed above, the clients stop: the test ends with what it saw.
      loading = false;
      await load;
    }

    const all = [...uploads.map(({ outcome }) => outcome), ...reads];
    const summary = `uploads: ${tally(uploads.map(({ outcome }) => outcome))}; reads: ${tally(reads)}`;
    assert.ok(all.length > stoppedAt, `requests were sent while PostgreSQL was down (${summary})`);
    assert.ok(all.some((outcome) => outcome.kind === 'answer' && outcome.status === 503), `some requests met the stopped database (${summary})`);
    const wrong = unexpected(all, ({ status, retryAfter, ms }) => status === 200 || (status === 503 && retryAfter !== null && ms < fastFailureMs));
    assert.deepEqual(wrong.map((outcome) => ({ ...outcome, body: 'body' in outcome ? outcome.body.slice(0, 200) : undefined })), [], `only 200s and quick 503s with Retry-After (${summary})`);
    for (const [name, service] of Object.entries(stack.services)) {
      assert.equal(service.child.pid, pids[name], `${name} was not restarted`);
      assert.equal(service.child.exitCode, null, `${name} is still running`);
    }

    // No partial rows: each stored analysis is one the client was told about, with its one event.
    analysisDb = createPool({ connectionString: stack.databaseUrls.analysis, applicationName: 'faults', onIdleError: () => {} });
    const stored = new Map<string, string>();
    for (const { subject, outcome } of uploads) if (outcome.kind === 'answer' && outcome.status === 200) stored.set(subject, (JSON.parse(outcome.body) as { id: string }).id);
    const { rows } = await analysisDb.query<{ subject_id: string; id: string; events: number }>(
      `SELECT a.subject_id, a.id::text, (SELECT count(*)::int FROM outbox o WHERE o.message_key = a.subject_id) AS events FROM analyses a`,
    );
    assert.deepEqual(new Map(rows.map((row) => [row.subject_id, row.id])), stored, 'the analyses stored are exactly those answered 200');
    assert.deepEqual(rows.filter((row) => row.events !== 1), [], 'each stored analysis has exactly one event in the outbox');
    const { rows: orphans } = await analysisDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM analyses a WHERE a.subject_id = o.message_key)`);
    assert.equal(orphans[0]!.n, 0, 'no event without its analysis');

    // The events written around the restart still reach the recommender.
    recommenderDb = createPool({ connectionString: stack.databaseUrls.recommender, applicationName: 'faults', onIdleError: () => {} });
    const missing = await eventually(async () => {
      const { rows: made } = await recommenderDb.query<{ subject_id: string; analysis_id: string }>('SELECT subject_id, analysis_id::text FROM recommendations');
      const have = new Map(made.map((row) => [row.subject_id, row.analysis_id]));
      const lost = [...stored].filter(([subject, id]) => have.get(subject) !== id);
      return lost.length === 0 ? lost : undefined;
    }, `recommendations for all ${stored.size} stored analyses`, 60_000);
    assert.deepEqual(missing, []);
  });
});

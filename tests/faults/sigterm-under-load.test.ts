// SIGTERM while uploads keep coming, as a rolling update sends it: what a process had accepted
// it finishes (drain), counted request by request. Every request sent gets a definite answer; each
// 200 is in the database; every other answer is a clean 503 with Retry-After, never a cut
// connection, and no refused upload left a row behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { createPool, type Pool } from '@shine/postgres';
import { eventually } from '../support/eventually.ts';
import { photoUpload, requestOutcome, tally, unexpected, type RequestOutcome } from '../support/request-outcome.ts';
import { startShineStack, type ShineStack } from '../support/shine-stack.ts';

const photos = ['astronaut.jpg', 'messi5.jpg', 'ai-face.jpg'];
/** Past the upload deadline (30 s): an answer this late is a hang. */
const hungAfterMs = 35_000;
/** An upload sent this long ago has passed the gateway (a photo of ~100 KB on loopback): the analysis service has it. */
const reachedAnalysisMs = 100;

interface Sent {
  readonly subject: string;
  readonly sentAt: number;
  outcome?: RequestOutcome;
  answeredAt?: number;
}

describe('SIGTERM under load', { timeout: 240_000 }, () => {
  let stack: ShineStack;
  let analysisDb: Pool;
  let images: Buffer[];
  let uploadsSent = 0;
  /** The restart under way, waited for before the stack stops. */
  let restarted: Promise<void> | undefined;

  before(async () => {
    stack = await startShineStack({ kafka: false });
    analysisDb = createPool({ connectionString: stack.databaseUrls.analysis, applicationName: 'faults', onIdleError: () => {} });
    images = await Promise.all(photos.map((name) => readTestPhoto(name)));
  });
  after(async () => {
    await restarted?.catch(() => {});
    await analysisDb?.end();
    await stack?.stop();
  });

  /** One upload for a subject of its own, recorded with when it was sent and answered. */
  const upload = async (log: Sent[]) => {
    const index = uploadsSent++;
    const sent: Sent = { subject: `sigterm-${index}`, sentAt: performance.now() };
    log.push(sent);
    const authorization = `Bearer ${await stack.token(sent.subject)}`;
    sent.outcome = await requestOutcome(`${stack.origin}/v1/analyses`, photoUpload(images[index % images.length]!, photos[index % photos.length]!, sent.subject, authorization), hungAfterMs);
    sent.answeredAt = performance.now();
  };

  /** Every 200 is stored, and nothing else is: read back from the analysis database. */
  const assertStoredExactly = async (log: readonly Sent[]) => {
    const ok = new Map(log.flatMap(({ subject, outcome }) => (outcome?.kind === 'answer' && outcome.status === 200 ? [[subject, (JSON.parse(outcome.body) as { id: string }).id] as const] : [])));
    const { rows } = await analysisDb.query<{ subject_id: string; id: string }>('SELECT subject_id, id::text FROM analyses WHERE subject_id = ANY($1)', [log.map(({ subject }) => subject)]);
    assert.deepEqual(new Map(rows.map((row) => [row.subject_id, row.id])), ok, 'the stored analyses are exactly the uploads answered 200');
  };

  const measuringNow = async () => {
    const text = await (await fetch(`http://127.0.0.1:${stack.services.analysis.httpPort}/metrics`)).text();
    const line = text.split('\n').find((row) => row.startsWith('shine_analysis_in_progress'));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  it('the analysis service finishes the uploads it took, and the gateway answers the rest 503 with Retry-After', async () => {
    const log: Sent[] = [];
    let loading = true;
    const client = async () => {
      while (loading) await upload(log);
    };
    const load = Promise.all([client(), client(), client()]);
    let terminatedAt = 0;
    let servedAgain = 0;
    try {
      await eventually(async () => (log.filter(({ outcome }) => outcome?.kind === 'answer' && outcome.status === 200).length >= 3 ? true : undefined), 'three stored uploads before the SIGTERM', 60_000);
      // The signal comes while an upload that has surely passed the gateway is being measured: on
      // a fast machine an upload takes ~0.2 s, so "being measured" alone may find only fresh ones.
      const outstanding = () => log.some(({ sentAt, outcome }) => outcome === undefined && performance.now() - sentAt > reachedAnalysisMs);
      // Looked at every few milliseconds: measuring a photo takes ~25 ms here. The signal's time is
      // taken as the upload is seen outstanding, so that upload counts as in flight at it.
      terminatedAt = await eventually(async () => ((await measuringNow()) > 0 && outstanding() ? performance.now() : undefined), 'an upload being measured', 30_000, 5);
      restarted = stack.restart('analysis', 'SIGTERM');
      await restarted;
      servedAgain = log.length;
      await eventually(async () => (log.slice(servedAgain).some(({ outcome }) => outcome?.kind === 'answer' && outcome.status === 200) ? true : undefined), 'an upload stored by the new process', 60_000);
    } finally {
      loading = false;
      await load;
    }

    const outcomes = log.map(({ outcome }) => outcome!);
    const summary = tally(outcomes);
    assert.equal(outcomes.length, uploadsSent, 'every upload sent has its outcome');
    assert.deepEqual(unexpected(outcomes, ({ status, retryAfter }) => status === 200 || (status === 503 && retryAfter !== null)), [], `only 200s and clean 503s with Retry-After (${summary})`);
    // Drain: what the old process was working on when the signal came was answered 200, not cut.
    const inFlight = log.filter(({ sentAt, answeredAt }) => sentAt < terminatedAt - reachedAnalysisMs && answeredAt! > terminatedAt);
    assert.ok(inFlight.length > 0, `uploads were in flight at the SIGTERM (${summary})`);
    assert.deepEqual(inFlight.map(({ outcome }) => tally([outcome!])).filter((status) => status !== '200×1'), [], 'the uploads in flight at the SIGTERM were finished');
    assert.ok(outcomes.some((outcome) => outcome.kind === 'answer' && outcome.status === 503), `uploads sent while it restarted were refused, not queued (${summary})`);
    await assertStoredExactly(log);
  });

  it('the gateway answers every upload it had taken before it stops', async () => {
    const log: Sent[] = [];
    const taken: Promise<void>[] = [];
    const unanswered = () => log.filter(({ outcome }) => outcome === undefined);
    // One upload at a time, the next once the last is answered, so an upload being measured is
    // the one in flight: the gateway has taken it. Measuring a photo takes ~25 ms here, less than
    // a whole upload, so the metrics are looked at every few milliseconds, and another upload goes
    // whenever the last was answered unseen.
    // As above, the signal's time is taken as the upload is seen being measured.
    const terminatedAt = await eventually(
      async () => {
        if (unanswered().length === 0) taken.push(upload(log));
        return (await measuringNow()) > 0 && unanswered().length > 0 ? performance.now() : undefined;
      },
      'an upload being measured',
      30_000,
      5,
    );
    restarted = stack.restart('gateway', 'SIGTERM');
    await Promise.all(taken);
    await restarted;
    const outcomes = log.map(({ outcome }) => outcome!);
    assert.ok(log.some(({ answeredAt }) => answeredAt! > terminatedAt), `uploads were in flight at the SIGTERM (${tally(outcomes)})`);
    assert.deepEqual(unexpected(outcomes, ({ status }) => status === 200), [], `every upload taken before the SIGTERM answered 200 (${tally(outcomes)})`);
    await assertStoredExactly(log);
  });
});

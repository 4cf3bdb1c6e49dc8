// The analysis process killed (SIGKILL: no drain, no goodbye) while it measures uploads: the
// gateway answers each caller 503 with Retry-After well within the upload's deadline, nothing
// hangs, and the process started in its place serves the next upload (after the Retry-After the
// gateway gives while it backs off from the failed connection).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { eventually } from '../support/eventually.ts';
import { photoUpload, requestOutcome, tally, unexpected, type RequestOutcome } from '../support/request-outcome.ts';
import { startShineStack, type ShineStack } from '../support/shine-stack.ts';

const subject = 'analysis-killed-subject';
/** The gateway's deadline for uploads (ROUTE_TIMEOUTS_MS AnalyzeImage=30000): an answer after it is a hang. */
const uploadDeadlineMs = 30_000;
/** A connection that dropped is noticed at once; anything near the deadline means the gateway waited it out. */
const noticedWithinMs = 5_000;

/** shine_analysis_in_progress from the analysis side port: photos a worker is measuring now. */
async function measuringNow(stack: ShineStack): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${stack.services.analysis.httpPort}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith('shine_analysis_in_progress'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('the analysis process killed mid-request', { timeout: 180_000 }, () => {
  let stack: ShineStack;
  /** The restart under way, waited for before the stack stops (else its new process starts on dropped databases). */
  let restarted: Promise<void> | undefined;

  before(async () => {
    stack = await startShineStack({ kafka: false });
  });
  after(async () => {
    await restarted?.catch(() => {});
    await stack?.stop();
  });

  it('answers the uploads it was measuring 503 with Retry-After at once, and the next process serves', async () => {
    const authorization = `Bearer ${await stack.token(subject)}`;
    const photo = await readTestPhoto('group-1.jpg');
    const upload = () => requestOutcome(`${stack.origin}/v1/analyses`, photoUpload(photo, 'group-1.jpg', subject, authorization), uploadDeadlineMs + 5_000);
    const killedPid = stack.services.analysis.child.pid;

    // Four clients upload back to back until the kill, so photos are being measured when it comes:
    // a photo takes ~25 ms on a fast machine, so a few uploads sent once could all be done before
    // the kill (or between two looks at the metric). Looked at every few milliseconds.
    let killing = false;
    const cut: RequestOutcome[] = [];
    const client = async () => {
      while (!killing) cut.push(await upload());
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    try {
      await eventually(async () => ((await measuringNow(stack)) > 0 ? true : undefined), 'the analysis service to start measuring', 30_000, 5);
    } finally {
      killing = true;
    }
    restarted = stack.restart('analysis', 'SIGKILL');
    await clients;
    const summary = tally(cut);
    assert.ok(cut.some((outcome) => outcome.kind === 'answer' && outcome.status === 503), `an upload being measured was cut by the kill (${summary})`);
    const wrong = unexpected(cut, ({ status, retryAfter, ms }) => status === 200 || (status === 503 && retryAfter !== null && ms < uploadDeadlineMs));
    assert.deepEqual(wrong, [], `every upload answered: 200, or 503 with Retry-After within the deadline (${summary})`);

    // While nothing listens on the port the gateway says so at once, too.
    const meanwhile = await upload();
    if (stack.services.analysis.child.pid === killedPid) {
      assert.ok(meanwhile.kind === 'answer' && meanwhile.status === 503 && meanwhile.retryAfter !== null, `while restarting: ${tally([meanwhile])}`);
      assert.ok(meanwhile.ms < noticedWithinMs, `a closed port is refused at once, not after ${meanwhile.ms} ms`);
      assert.match(meanwhile.body, /analysis service is not available/);
    }

    await restarted;
    assert.notEqual(stack.services.analysis.child.pid, killedPid, 'a new analysis process');
    // Within the gateway's back-off after a failed connection (1 s, as grpc-js) an upload is
    // refused at once with Retry-After; a client that waits as long as it says is served.
    let next = await upload();
    if (next.kind === 'answer' && next.status === 503 && next.retryAfter !== null) {
      const retryAfterSeconds = Number(next.retryAfter);
      assert.ok(retryAfterSeconds <= 5, `Retry-After ${next.retryAfter} s`);
      await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1_000));
      next = await upload();
    }
    assert.ok(next.kind === 'answer' && next.status === 200, `the next process serves: ${tally([next])} ${next.kind === 'answer' ? next.body.slice(0, 200) : ''}`);
  });
});

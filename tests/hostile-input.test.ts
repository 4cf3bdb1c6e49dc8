// The hostile-input corpus (tests/hostile/) against every service as its own process: each case gets
// the answer it must (a clear 4xx, or its honest result), no process dies, and memory stays bounded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { residentMiB } from '@shine/platform/testing';
import { hostileCases, type HostileCase } from './hostile/hostile-cases.ts';
import { judgeAnswer, sendCase } from './hostile/run-corpus.ts';
import { startShineStack, type ServiceName, type ShineStack } from './support/shine-stack.ts';

const PACE_WINDOW_MS = 2_000;
const subject = 'hostile-corpus-subject';
// Generous ceilings: the point is that a bomb or a 100 MB body does not take a process's memory
// with it. Analysis holds its models (about 0.6 GB); the gateway buffers at most one upload.
const RSS_CEILING_MIB: Readonly<Record<ServiceName, number>> = { gateway: 700, analysis: 1_600, palette: 400, catalog: 400, recommender: 400 };

describe('hostile input through the gateway, every service a process', { timeout: 900_000 }, () => {
  let stack: ShineStack;
  let cases: HostileCase[];
  const pids = new Map<ServiceName, number>();

  before(async () => {
    stack = await startShineStack({ gatewayEnv: { BODY_PACE_WINDOW_MS: String(PACE_WINDOW_MS) } });
    for (const [name, service] of Object.entries(stack.services) as Array<[ServiceName, ShineStack['services'][ServiceName]]>) pids.set(name, service.child.pid!);
    cases = hostileCases({
      jpeg: await readTestPhoto('astronaut.jpg'),
      png: await readTestPhoto('astronaut.png'),
      subject,
      token: await stack.token(subject),
      paceWindowMs: PACE_WINDOW_MS,
    });
  });
  after(() => stack?.stop());

  it('has at least 60 named cases, each judged', async (t) => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    const wrong: string[] = [];
    for (const entry of cases) {
      let verdict: string | undefined;
      try {
        const answer = await sendCase(stack.origin, entry);
        verdict = judgeAnswer(entry, answer);
        t.diagnostic(`${entry.name}: ${answer.status} in ${Math.round(answer.elapsedMs)} ms`);
      } catch (error) {
        verdict = `no answer: ${(error as Error).message}`;
      }
      if (verdict) wrong.push(`${entry.name}: ${verdict}`);
    }
    assert.deepEqual(wrong, [], `${wrong.length} of ${cases.length} cases answered wrongly`);
  });

  it('leaves every process running, ready and within its memory ceiling', async (t) => {
    for (const [name, service] of Object.entries(stack.services) as Array<[ServiceName, ShineStack['services'][ServiceName]]>) {
      assert.equal(service.child.exitCode, null, `${name} exited`);
      assert.equal(service.child.pid, pids.get(name), `${name} was restarted`);
      const ready = await fetch(`http://127.0.0.1:${service.httpPort}/readyz`);
      assert.equal(ready.status, 200, `${name} is not ready`);
      const rss = residentMiB(service.child.pid!);
      assert.ok(rss !== undefined, `no resident memory for ${name}`);
      t.diagnostic(`${name} RSS after the corpus: ${rss} MiB`);
      assert.ok(rss < RSS_CEILING_MIB[name], `${name} holds ${rss} MiB after the corpus (ceiling ${RSS_CEILING_MIB[name]} MiB)`);
    }
    // And it still does its job.
    const form = new FormData();
    form.set('image', new Blob([await readTestPhoto('astronaut.jpg')]), 'astronaut.jpg');
    const analysed = await fetch(`${stack.origin}/v1/analyses`, { method: 'POST', body: form });
    assert.equal(analysed.status, 200);
  });
});

// A downstream that stops answering (its process frozen with SIGSTOP: the connection stays open,
// nothing comes back): the caller gets 504 when its deadline passes, never a socket left hanging;
// the deadline travels with the call, so a service in the middle gives up at the same moment.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { eventually } from '../support/eventually.ts';
import { photoUpload, requestOutcome, type RequestOutcome } from '../support/request-outcome.ts';
import { startShineStack, type ShineStack, type ServiceName } from '../support/shine-stack.ts';

const subject = 'slow-downstream-subject';
/** Far past every deadline used here: an answer this late is a hang. */
const hungAfterMs = 15_000;

/** The count of `method`'s calls that `service` finished with `code`, from its /metrics. */
async function handled(stack: ShineStack, service: ServiceName, method: string, code: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${stack.services[service].httpPort}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith('grpc_server_handled_total{') && row.includes(`grpc_method="${method}"`) && row.includes(`grpc_code="${code}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const describeAnswer = (outcome: RequestOutcome) => (outcome.kind === 'answer' ? `${outcome.status} after ${outcome.ms} ms: ${outcome.body.slice(0, 200)}` : `${outcome.kind} after ${outcome.ms} ms`);

describe('a downstream that stops answering', { timeout: 180_000 }, () => {
  let stack: ShineStack;
  let authorization: string;
  let analysis: { id: string; skinTone: { monk: number; undertone: string } };

  before(async () => {
    stack = await startShineStack({
      kafka: false,
      // A short route deadline for palettes; the catalog's own cap on reading an analysis far above
      // the caller's deadline, so only a deadline that travelled can end that read in time.
      gatewayEnv: { ROUTE_TIMEOUTS_MS: 'AnalyzeImage=30000,GetPalette=1500' },
      env: { catalog: { ANALYSIS_TIMEOUT_MS: '60000' } },
    });
    authorization = `Bearer ${await stack.token(subject)}`;
    const upload = await requestOutcome(`${stack.origin}/v1/analyses`, photoUpload(await readTestPhoto('astronaut.jpg'), 'astronaut.jpg', subject, authorization), hungAfterMs);
    assert.ok(upload.kind === 'answer' && upload.status === 200, describeAnswer(upload));
    analysis = JSON.parse(upload.body) as typeof analysis;
  });
  after(async () => {
    // A frozen process would never hear the SIGTERM that stops it.
    for (const service of Object.values(stack?.services ?? {})) service.child.kill('SIGCONT');
    await stack?.stop();
  });

  it("answers 504 at the route's deadline while the palette service is frozen, and 200 once it runs again", async () => {
    const palettes = `${stack.origin}/v1/palettes?monk=${analysis.skinTone.monk}&undertone=${analysis.skinTone.undertone}`;
    stack.services.palette.child.kill('SIGSTOP');
    try {
      const configured = await requestOutcome(palettes, {}, hungAfterMs);
      assert.ok(configured.kind === 'answer' && configured.status === 504, `the configured 1.5 s deadline: ${describeAnswer(configured)}`);
      assert.match(configured.body, /palette service did not answer in time/);
      const asked = await requestOutcome(palettes, { headers: { 'grpc-timeout': '300m' } }, hungAfterMs);
      assert.ok(asked.kind === 'answer' && asked.status === 504, `the client's grpc-timeout: ${describeAnswer(asked)}`);
      assert.ok(asked.ms < configured.ms, `the client's shorter deadline (${asked.ms} ms) wins over the route's (${configured.ms} ms)`);
    } finally {
      stack.services.palette.child.kill('SIGCONT');
    }
    const back = await eventually(async () => {
      const outcome = await requestOutcome(palettes, {}, hungAfterMs);
      return outcome.kind === 'answer' && outcome.status === 200 ? outcome : undefined;
    }, 'the palette service to answer again once resumed', 30_000);
    assert.match(back.body, /SEASON_/);
  });

  it('carries the deadline through the catalog to the frozen analysis service: the catalog gives up when the caller does', async () => {
    const before = await handled(stack, 'catalog', 'MatchShades', 'DEADLINE_EXCEEDED');
    const matches = { method: 'POST', headers: { 'content-type': 'application/json', authorization, 'grpc-timeout': '1S' }, body: JSON.stringify({ analysisId: analysis.id }) };
    stack.services.analysis.child.kill('SIGSTOP');
    try {
      const outcome = await requestOutcome(`${stack.origin}/v1/shade-matches`, matches, hungAfterMs);
      assert.ok(outcome.kind === 'answer' && outcome.status === 504, describeAnswer(outcome));
      // The catalog waits up to 60 s on its own: only the caller's 1 s deadline, carried in the call, ends it now.
      await eventually(
        async () => ((await handled(stack, 'catalog', 'MatchShades', 'DEADLINE_EXCEEDED')) > before ? true : undefined),
        'the catalog to end its MatchShades with DEADLINE_EXCEEDED (the deadline did not reach it)',
        // Far below the catalog's own 60 s, so only the carried deadline can pass; room for a busy machine.
        15_000,
      );
    } finally {
      stack.services.analysis.child.kill('SIGCONT');
    }
    const { headers, body } = matches;
    const back = await eventually(async () => {
      const outcome = await requestOutcome(`${stack.origin}/v1/shade-matches`, { method: 'POST', headers: { ...headers, 'grpc-timeout': '10S' }, body }, hungAfterMs);
      return outcome.kind === 'answer' && outcome.status === 200 ? outcome : undefined;
    }, 'shade matches once the analysis service runs again', 30_000);
    assert.match(back.body, /deltaE00/);
  });
});

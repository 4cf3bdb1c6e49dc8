import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runOpenLoop } from './open-loop.ts';

describe('runOpenLoop', () => {
  it('sends each request at its time without waiting for earlier answers (a closed loop would never finish here)', { timeout: 10_000 }, async () => {
    let sent = 0;
    let releaseAll!: () => void;
    const allSent = new Promise<void>((resolve) => (releaseAll = resolve));
    const samples = await runOpenLoop({
      arrivals: [0, 1, 2, 3, 4],
      kindOf: (index) => (index % 2 === 0 ? 'even' : 'odd'),
      // No answer until every request has left: only an open loop gets there.
      send: async () => {
        if (++sent === 5) releaseAll();
        await allSent;
        return 200;
      },
      timeoutMs: 60_000,
    });
    assert.deepEqual(samples.map((sample) => [sample.kind, sample.atMs, sample.status]), [['even', 0, 200], ['odd', 1, 200], ['even', 2, 200], ['odd', 3, 200], ['even', 4, 200]]);
  });

  it('times latency from the scheduled send, so its own lateness counts as waiting (no coordinated omission)', async () => {
    const samples = await runOpenLoop({
      arrivals: [0, 0],
      kindOf: () => 'k',
      send: async (_kind, index) => {
        // The first send holds the event loop for 30 ms: the second leaves late.
        if (index === 0) for (const until = performance.now() + 30; performance.now() < until; );
        return 200;
      },
      timeoutMs: 60_000,
    });
    assert.ok(samples[1]!.sendLagMs >= 30, `send lag ${samples[1]!.sendLagMs}`);
    assert.ok(samples[1]!.latencyMs >= samples[1]!.sendLagMs, 'the lag is inside the latency');
  });

  it('records a failed or unanswered request as status 0', async () => {
    const samples = await runOpenLoop({
      arrivals: [0, 0, 0],
      kindOf: () => 'k',
      send: (_kind, index, signal) => {
        if (index === 0) return Promise.reject(new Error('ECONNRESET'));
        if (index === 1) return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        return Promise.resolve(503);
      },
      timeoutMs: 50,
    });
    assert.deepEqual(samples.map((sample) => sample.status), [0, 0, 503]);
  });
});

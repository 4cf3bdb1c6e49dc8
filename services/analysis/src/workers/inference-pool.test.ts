import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Code, ShineError } from '@shine/platform';
import { InferencePool } from './inference-pool.ts';

const workerUrl = new URL('../testing/sleep-worker.ts', import.meta.url);

describe('InferencePool', () => {
  const pools: InferencePool[] = [];
  const makePool = (size: number, queueLimit: number) => {
    const pool = new InferencePool({ workerUrl, size, queueLimit });
    pools.push(pool);
    return pool;
  };
  after(() => Promise.all(pools.map((pool) => pool.close())));

  it('runs tasks on workers and reports the backend once warm', async () => {
    const pool = makePool(2, 2);
    assert.equal(await pool.ready(), 'test');
    assert.deepEqual(await pool.run({ ms: 1 }), { slept: 1, thread: 'worker' });
  });

  it('refuses at once with RESOURCE_EXHAUSTED when every worker is busy and the queue is full', async () => {
    const pool = makePool(1, 1);
    await pool.ready();
    const running = pool.run({ ms: 300 });
    const queued = pool.run({ ms: 1 });
    await assert.rejects(pool.run({ ms: 1 }), (error: unknown) => {
      assert.ok(error instanceof ShineError);
      assert.equal(error.code, Code.RESOURCE_EXHAUSTED);
      assert.match(error.message, /busy \(1 photos in progress, 1 waiting\)/);
      return true;
    });
    assert.deepEqual(await running, { slept: 300, thread: 'worker' });
    assert.deepEqual(await queued, { slept: 1, thread: 'worker' });
    assert.equal(pool.running + pool.queued, 0);
  });

  it('drops a queued task whose caller gave up, freeing its place', async () => {
    const pool = makePool(1, 1);
    await pool.ready();
    const running = pool.run({ ms: 200 });
    const controller = new AbortController();
    const abandoned = pool.run({ ms: 1 }, { signal: controller.signal });
    controller.abort(new ShineError(Code.DEADLINE_EXCEEDED, 'the deadline passed'));
    await assert.rejects(abandoned, { code: Code.DEADLINE_EXCEEDED });
    assert.equal(pool.queued, 0);
    assert.deepEqual(await pool.run({ ms: 1 }), { slept: 1, thread: 'worker' });
    await running;
  });

  it('tells the worker when the caller of a running task gives up, freeing it at the next stage', async () => {
    const pool = makePool(1, 1);
    await pool.ready();
    const controller = new AbortController();
    const long = pool.run({ ms: 20, stages: 100 }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 60));
    controller.abort(new ShineError(Code.DEADLINE_EXCEEDED, 'the deadline passed'));
    // Without the cancel message the worker would run all 100 stages and answer with a result.
    await assert.rejects(long, { code: Code.CANCELLED });
    assert.equal(pool.running, 0);
    assert.deepEqual(await pool.run({ ms: 1 }), { slept: 1, thread: 'worker' });
  });

  it('passes a worker’s refusal through with its code and reason', async () => {
    const pool = makePool(1, 0);
    await pool.ready();
    await assert.rejects(pool.run({ ms: 1, fail: true }), (error: unknown) => {
      assert.ok(error instanceof ShineError);
      assert.equal(error.code, Code.INVALID_ARGUMENT);
      assert.equal(error.reason, 'NOT_AN_IMAGE');
      return true;
    });
  });

  it('replaces a crashed worker and fails only the task it was running', async () => {
    const exits: Error[] = [];
    const pool = new InferencePool({ workerUrl, size: 1, queueLimit: 1, onWorkerExit: (error) => exits.push(error) });
    pools.push(pool);
    await pool.ready();
    await assert.rejects(pool.run({ ms: 1, crash: true }), { code: Code.INTERNAL });
    assert.equal(exits.length, 1);
    assert.deepEqual(await pool.run({ ms: 1 }), { slept: 1, thread: 'worker' });
  });

  it('gives up on workers that cannot start, answering UNAVAILABLE instead of crashing or retrying forever', async () => {
    const exits: Error[] = [];
    const pool = new InferencePool({
      workerUrl,
      workerData: { failStart: true },
      size: 1,
      queueLimit: 1,
      restartDelayMs: 1,
      onWorkerExit: (error) => exits.push(error),
    });
    pools.push(pool);
    await assert.rejects(pool.ready(), /exited with code 1 before it was ready/);
    for (let attempt = 0; attempt < 300 && exits.length < 5; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(exits.length, 5);
    await assert.rejects(pool.run({ ms: 1 }), (error: unknown) => {
      assert.ok(error instanceof ShineError);
      assert.equal(error.code, Code.UNAVAILABLE);
      assert.match(error.message, /cannot run its face models/);
      return true;
    });
  });

  it('fails queued work with UNAVAILABLE when closed', async () => {
    const pool = makePool(1, 2);
    await pool.ready();
    const running = pool.run({ ms: 200 });
    const queued = pool.run({ ms: 1 });
    const closing = pool.close();
    await assert.rejects(queued, { code: Code.UNAVAILABLE });
    await closing;
    await assert.rejects(running, { code: Code.UNAVAILABLE });
    await assert.rejects(pool.run({ ms: 1 }), { code: Code.UNAVAILABLE });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReceivedEvent } from './event-transport.ts';
import { handleKeyOrdered } from './handle-key-ordered.ts';

const batch = (keys: string[]): ReceivedEvent[] =>
  keys.map((key, index) => ({ topic: 't', partition: 0, offset: String(100 + index), key, value: null, headers: {} }));

describe('handleKeyOrdered', () => {
  it("keeps each key's events in order while other keys go on at the same time", async () => {
    const events = batch(['a', 'b', 'a', 'c', 'b', 'a']);
    const order: string[] = [];
    let inFlight = 0;
    let most = 0;
    const outcome = await handleKeyOrdered(
      events,
      async (event) => {
        most = Math.max(most, ++inFlight);
        // The first 'a' is slow: b and c must not wait for it, the later a's must.
        await new Promise((resolve) => setTimeout(resolve, event.offset === '100' ? 30 : 1));
        order.push(`${event.key}${event.offset}`);
        inFlight--;
      },
      () => false,
    );
    assert.deepEqual(outcome, { handledThrough: '105', failed: undefined });
    assert.deepEqual(order.filter((entry) => entry.startsWith('a')), ['a100', 'a102', 'a105']);
    assert.deepEqual(order.filter((entry) => entry.startsWith('b')), ['b101', 'b104']);
    assert.ok(order.indexOf('b101') < order.indexOf('a100'), 'b did not wait for the slow a');
    assert.equal(most, 3, 'three keys at once');
  });

  it('reports as handled only up to the first event that was not, and stops after a failure', async () => {
    const events = batch(['a', 'b', 'c', 'b']);
    const outcome = await handleKeyOrdered(
      events,
      async (event) => {
        if (event.key === 'b') throw new Error('catalog is down');
      },
      () => false,
    );
    assert.equal(outcome.handledThrough, '100', 'a at 100 is handled; b at 101 is not, so nothing after it counts');
    assert.equal(outcome.failed?.message, 'catalog is down');
  });

  it('takes no more events once told to stop', async () => {
    let handled = 0;
    const outcome = await handleKeyOrdered(batch(['a', 'a', 'a']), async () => void handled++, () => handled >= 1);
    assert.deepEqual(outcome, { handledThrough: '100', failed: undefined });
  });
});

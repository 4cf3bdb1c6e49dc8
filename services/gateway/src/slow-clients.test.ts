// Slowloris: many clients that trickle their headers or their body must not tie the gateway up.
// Each is cut off by its lack of progress (408, JSON) while others are served as usual; a slow but
// steadily moving upload is not. Windows are shortened here (1 s) from production's 10 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest } from './test-fixtures/raw-http.ts';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

const SLOW_CLIENTS = 40;
let stack: TestStack;
let origin: string;
before(async () => {
  stack = await startTestStack({ bodyPace: { minBytesPerSecond: 1024, windowMs: 1_000 } }, { serverTimeouts: { headersMs: 1_000, requestMs: 60_000 } });
  origin = new URL(stack.url('/')).origin;
});
after(() => stack.close());

const bookHead = (length: number) =>
  `POST /v1/shelves/s1/books HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
const reasonOf = (body: Buffer) => (JSON.parse(body.toString()) as { details: Array<{ reason?: string }> }).details.find((detail) => detail.reason)?.reason;

describe('slow clients', () => {
  it('cuts off clients that trickle headers or a body, by progress, while serving everyone else', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'a'.repeat(4000) }));
    // Half trickle their headers a few bytes a second; half send headers, then a body at 15 bytes a second.
    const headerTricklers = Array.from({ length: SLOW_CLIENTS / 2 }, () =>
      rawRequest(origin, '', { body: Buffer.from(bookHead(body.length)), trickle: { bytes: 3, everyMs: 400 }, timeoutMs: 20_000 }),
    );
    const bodyTricklers = Array.from({ length: SLOW_CLIENTS / 2 }, () =>
      rawRequest(origin, bookHead(body.length), { body, trickle: { bytes: 15, everyMs: 1_000 }, timeoutMs: 20_000 }),
    );
    // Meanwhile an ordinary client is answered at once, each time.
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(stack.url('/v1/shelves/s1'));
      assert.equal(response.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const headers = await Promise.all(headerTricklers);
    const bodies = await Promise.all(bodyTricklers);
    for (const answer of headers) {
      assert.equal(answer.status, 408);
      assert.equal(reasonOf(answer.body), 'REQUEST_TIMEOUT');
      // The headers timeout (1 s), checked every second: never the 30 s of Node's default check.
      assert.ok(answer.elapsedMs < 5_000, `a header trickler held on for ${Math.round(answer.elapsedMs)} ms`);
    }
    for (const answer of bodies) {
      assert.equal(answer.status, 408);
      assert.equal(reasonOf(answer.body), 'BODY_TOO_SLOW');
      assert.equal(answer.headers['connection'], 'close');
      assert.ok(answer.elapsedMs < 5_000, `a body trickler held on for ${Math.round(answer.elapsedMs)} ms`);
    }
  });

  it('lets a slow upload through that keeps moving (2 KiB a second over 3 s)', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'b'.repeat(6000) }));
    const answer = await rawRequest(origin, bookHead(body.length), { body, trickle: { bytes: 512, everyMs: 250 }, timeoutMs: 20_000 });
    assert.equal(answer.status, 201, answer.body.toString().slice(0, 300));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Code, codeName } from '@shine/platform';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

let stack: TestStack;
before(async () => (stack = await startTestStack({}, {})));
after(() => stack.close());

const expectedStatus: Record<number, number> = {
  1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
};

describe('errors from a real upstream', () => {
  it('map every gRPC code to its HTTP status with a google.rpc.Status body carrying the shine-reason', async () => {
    for (let code = 1; code <= 16; code++) {
      const response = await fetch(stack.url(`/v1/failures/${code}?message=failure%20${code}&reason=REASON_${code}`), {
        headers: { 'x-request-id': `req-${code}` },
      });
      assert.equal(response.status, expectedStatus[code], codeName(code));
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(response.headers.get('x-request-id'), `req-${code}`);
      assert.deepEqual(await response.json(), {
        code,
        message: `failure ${code}`,
        details: [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: `REASON_${code}`, domain: 'shine.dev', metadata: { code: codeName(code) } },
          { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: `req-${code}`, servingData: '' },
        ],
      });
      if (code === Code.RESOURCE_EXHAUSTED || code === Code.UNAVAILABLE) assert.equal(response.headers.get('retry-after'), '1', codeName(code));
      if (code === Code.UNAUTHENTICATED) assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });

  it('gives each request an id when the client sends none', async () => {
    const response = await fetch(stack.url('/v1/failures/5'));
    const id = response.headers.get('x-request-id') ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { details: Array<{ requestId?: string }> };
    assert.equal(body.details.at(-1)?.requestId, id);
  });

  it('answers 504 when the client grpc-timeout passes, and 400 for a malformed one', async () => {
    const late = await fetch(stack.url('/v1/wait?millis=2000'), { headers: { 'grpc-timeout': '50m' } });
    assert.equal(late.status, 504);
    assert.match(((await late.json()) as { message: string }).message, /did not answer in time|deadline/);
    const seen = (await (await fetch(stack.url('/v1/wait'), { headers: { 'grpc-timeout': '3S' } })).json()) as { deadlineInMs: string };
    assert.ok(Number(seen.deadlineInMs) <= 3000 && Number(seen.deadlineInMs) > 2000, 'the upstream sees the client deadline');
    const malformed = await fetch(stack.url('/v1/wait'), { headers: { 'grpc-timeout': 'soon' } });
    assert.equal(malformed.status, 400);
  });

  it('answers 503 naming the service when it has no address', async () => {
    const response = await fetch(stack.url('/v1/products'));
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { message: string }).message, 'the catalog service is not deployed here');
  });
});

describe('a per-route default timeout', () => {
  let short: TestStack;
  before(async () => (short = await startTestStack({ timeouts: { unaryMs: 5_000, streamMs: 5_000, maxMs: 60_000, perMethodMs: new Map([['Wait', 100]]) } })));
  after(() => short.close());

  it('applies when the client sends no grpc-timeout', async () => {
    assert.equal((await fetch(short.url('/v1/wait?millis=1000'))).status, 504);
    assert.equal((await fetch(short.url('/v1/wait?millis=200'), { headers: { 'grpc-timeout': '2S' } })).status, 200);
  });
});

describe('an unreachable upstream', () => {
  let down: TestStack;
  before(async () => (down = await startTestStack({}, { upstreamAddress: '127.0.0.1:1' })));
  after(() => down.close());

  it('answers 503 without transport details', async () => {
    const response = await fetch(down.url('/v1/shelves/s1'));
    assert.equal(response.status, 503);
    const body = (await response.json()) as { message: string };
    assert.equal(body.message, 'the library service is not available; try again later');
  });
});

describe('a message larger than the channel takes', () => {
  let small: TestStack;
  before(async () => (small = await startTestStack({}, { channelOptions: { 'grpc.max_send_message_length': 1024 } })));
  after(() => small.close());

  it('answers 413, not 429', async () => {
    const response = await fetch(small.url('/v1/everything:echo'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stringValue: 'x'.repeat(4096) }),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { details: Array<{ reason?: string }> }).details[0]?.reason, 'PAYLOAD_TOO_LARGE');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCors } from './cors.ts';
import { RateLimiter } from './rate-limit.ts';
import { allowedOrigin, startTestStack, type TestStack } from './test-fixtures/test-stack.ts';
import { hs256Token } from './test-fixtures/tokens.ts';

describe('CORS', () => {
  let stack: TestStack;
  before(async () => (stack = await startTestStack()));
  after(() => stack.close());

  const preflight = (path: string, origin: string, method: string, headers = 'authorization, content-type') =>
    fetch(stack.url(path), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it('answers a preflight from an allowed origin with the methods the path takes', async () => {
    const response = await preflight('/v1/subjects/s1', allowedOrigin, 'DELETE');
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), allowedOrigin);
    assert.equal(response.headers.get('access-control-allow-methods'), 'DELETE');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
    assert.equal(response.headers.get('access-control-max-age'), '600');
  });

  it('refuses a preflight from an origin not on the list, for a method the path lacks, or with an unknown header', async () => {
    assert.equal((await preflight('/v1/subjects/s1', 'https://evil.example', 'DELETE')).status, 403);
    assert.equal((await preflight('/v1/subjects/s1', allowedOrigin, 'PUT')).status, 403);
    assert.equal((await preflight('/v1/subjects/s1', allowedOrigin, 'DELETE', 'x-api-key')).status, 403);
  });

  it('lets an allowed origin read responses, errors included, and gives others nothing', async () => {
    const allowed = await fetch(stack.url('/v1/shelves/s1'), { headers: { origin: allowedOrigin } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), allowedOrigin);
    assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
    const failed = await fetch(stack.url('/v1/failures/5'), { headers: { origin: allowedOrigin } });
    assert.equal(failed.headers.get('access-control-allow-origin'), allowedOrigin);
    const other = await fetch(stack.url('/v1/shelves/s1'), { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('with "*" on the list, lets any other origin in without credentials, and listed ones with them', async () => {
    const open = await startTestStack({ cors: createCors({ allowedOrigins: [allowedOrigin, '*'] }) });
    try {
      const any = await fetch(open.url('/v1/shelves/s1'), { headers: { origin: 'https://elsewhere.example' } });
      assert.equal(any.headers.get('access-control-allow-origin'), '*');
      assert.equal(any.headers.get('access-control-allow-credentials'), null);
      const anyPreflight = await fetch(open.url('/v1/subjects/s1'), {
        method: 'OPTIONS',
        headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
      });
      assert.equal(anyPreflight.status, 204);
      assert.equal(anyPreflight.headers.get('access-control-allow-origin'), '*');
      assert.equal(anyPreflight.headers.get('access-control-allow-credentials'), null);
      const listed = await fetch(open.url('/v1/shelves/s1'), { headers: { origin: allowedOrigin } });
      assert.equal(listed.headers.get('access-control-allow-origin'), allowedOrigin);
      assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
    } finally {
      await open.close();
    }
  });
});

describe('rate limiting', () => {
  let stack: TestStack;
  before(async () => (stack = await startTestStack({ rateLimiter: new RateLimiter({ ratePerSecond: 0.5, burst: 3 }) })));
  after(() => stack.close());

  it('answers 429 with Retry-After once a client spends its burst', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      last = await fetch(stack.url('/v1/shelves/s1'));
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.equal(last?.headers.get('retry-after'), '2');
    const body = (await last!.json()) as { code: number; message: string; details: Array<{ reason?: string }> };
    assert.equal(body.code, 8);
    assert.equal(body.details[0]?.reason, 'RATE_LIMITED');
    // A person scripting calls learns the limit, not only that there is one.
    assert.equal(body.message, 'too many requests from this address (the limit is 0.5 requests a second, bursts of 3): retry in 2 s');
  });

  it('charges refused tokens to the address, so signature checks are rate limited too', async () => {
    const limitedStack = await startTestStack({ rateLimiter: new RateLimiter({ ratePerSecond: 0.5, burst: 2 }) });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await fetch(limitedStack.url('/v1/subjects/s1/analyses'), { headers: { authorization: 'Bearer forged.token.here' } })).status);
    }
    await limitedStack.close();
    assert.deepEqual(statuses, [401, 401, 429]);
  });

  it('behind a trusted proxy, counts the address the proxy saw, not what the client wrote before it', async () => {
    const proxied = await startTestStack({ rateLimiter: new RateLimiter({ ratePerSecond: 0.5, burst: 2 }), trustProxy: true });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      // The client varies the part it controls; the proxy appends the same real address each time.
      statuses.push((await fetch(proxied.url('/v1/shelves/s1'), { headers: { 'x-forwarded-for': `10.0.0.${attempt}, 203.0.113.9` } })).status);
    }
    const other = await fetch(proxied.url('/v1/shelves/s1'), { headers: { 'x-forwarded-for': '198.51.100.7' } });
    await proxied.close();
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(other.status, 200, 'another client behind the same proxy has its own bucket');
  });

  it('counts a signed-in subject apart from its address', async () => {
    const response = await fetch(stack.url('/v1/subjects/s1/recommendations'), { headers: { authorization: `Bearer ${await hs256Token('s1')}` } });
    assert.equal(response.status, 200);
  });
});

describe('HTTP metrics', () => {
  let stack: TestStack;
  before(async () => (stack = await startTestStack()));
  after(() => stack.close());

  it('count requests by route template, method and status, and time them', async () => {
    await fetch(stack.url('/v1/shelves/a'));
    await fetch(stack.url('/v1/shelves/b'));
    await fetch(stack.url('/v1/failures/5'));
    await fetch(stack.url('/nowhere'));
    const text = await stack.metricsRegistry.metrics();
    assert.match(text, /^http_server_requests_total\{route="\/v1\/\{name=shelves\/\*\}",method="GET",status="200"\} 2$/m);
    assert.match(text, /^http_server_requests_total\{route="\/v1\/failures\/\{code\}",method="GET",status="404"\} 1$/m);
    assert.match(text, /^http_server_requests_total\{route="unmatched",method="GET",status="404"\} 1$/m);
    assert.match(text, /^http_server_request_duration_seconds_count\{route="\/v1\/\{name=shelves\/\*\}",method="GET",status="200"\} 2$/m);
    assert.doesNotMatch(text, /shelves\/a/, 'raw paths never become labels');
  });
});

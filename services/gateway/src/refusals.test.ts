// Every refusal the gateway makes, including those Node's HTTP parser makes before any handler runs,
// is the same google.rpc.Status JSON with a message that says what to fix, and says nosniff.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest, type RawAnswer } from './test-fixtures/raw-http.ts';
import { allowedOrigin, startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

let stack: TestStack;
let origin: string;
before(async () => {
  stack = await startTestStack({}, { serverTimeouts: { headersMs: 1_000, requestMs: 60_000 } });
  origin = new URL(stack.url('/')).origin;
});
after(() => stack.close());

interface StatusJson {
  code: number;
  message: string;
  details: Array<{ '@type': string; reason?: string; requestId?: string }>;
}

/** The answer's JSON error, after checking the headers every refusal carries. */
function errorOf(answer: RawAnswer, status: number): StatusJson {
  assert.equal(answer.status, status, answer.body.toString().slice(0, 300));
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  const json = JSON.parse(answer.body.toString()) as StatusJson;
  assert.equal(typeof json.code, 'number');
  assert.ok(json.message.length > 10, 'a message a person can act on');
  assert.ok(
    json.details.some((detail) => detail.requestId),
    'a request id to quote',
  );
  return json;
}

const reasonOf = (json: StatusJson) => json.details.find((detail) => detail.reason)?.reason;
const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('requests the HTTP parser refuses', () => {
  it('a raw 0xFF byte in the path: 400 saying to percent-encode', async () => {
    const request = Buffer.concat([Buffer.from('GET /v1/shelves/'), Buffer.from([0xff]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]);
    const json = errorOf(await rawRequest(origin, request), 400);
    assert.match(json.message, /percent-encode/);
  });

  it('an unknown method: 400 naming the methods the API takes', async () => {
    const json = errorOf(await rawRequest(origin, head(['BREW /v1/shelves/s1 HTTP/1.1', 'Host: x'])), 400);
    assert.match(json.message, /GET, HEAD, POST/);
  });

  it('a negative Content-Length: 400 about Content-Length', async () => {
    const json = errorOf(await rawRequest(origin, head(['POST /v1/everything:echo HTTP/1.1', 'Host: x', 'Content-Length: -1'])), 400);
    assert.equal(reasonOf(json), 'INVALID_CONTENT_LENGTH');
  });

  it('a header name with a space: 400 about the headers', async () => {
    const json = errorOf(await rawRequest(origin, head(['GET /v1/shelves/s1 HTTP/1.1', 'Host: x', 'Bad Header: 1'])), 400);
    assert.equal(reasonOf(json), 'INVALID_HEADER');
  });

  it('a 64 KB header and a 1 MB URL: 431 saying to send long values in the body', async () => {
    for (const request of [head(['GET /v1/shelves/s1 HTTP/1.1', 'Host: x', `X-Big: ${'a'.repeat(64 * 1024)}`]), head([`GET /v1/shelves/s1?q=${'a'.repeat(1024 * 1024)} HTTP/1.1`, 'Host: x'])]) {
      const json = errorOf(await rawRequest(origin, request), 431);
      assert.match(json.message, /in the body/);
    }
  });

  it('headers that never finish: 408 within the headers timeout, not the parser check interval', async () => {
    const answer = await rawRequest(origin, 'GET /v1/shelves/s1 HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 10_000 });
    const json = errorOf(answer, 408);
    assert.equal(reasonOf(json), 'REQUEST_TIMEOUT');
  });
});

describe('refusals the gateway makes itself', () => {
  it('a preflight from an origin not on the list: 403 naming CORS_ALLOWED_ORIGINS, the origin quoted', async () => {
    const answer = await rawRequest(
      origin,
      head(['OPTIONS /v1/subjects/s1 HTTP/1.1', 'Host: x', 'Origin: https://evil.example/<b>', 'Access-Control-Request-Method: DELETE']),
    );
    const json = errorOf(answer, 403);
    assert.match(json.message, /CORS_ALLOWED_ORIGINS/);
    assert.match(json.message, /"https:\/\/evil\.example\/<b>"/);
    assert.match(answer.headers['vary'] ?? '', /Origin/);
  });

  it('a preflight for a method the path lacks, or a header not allowed: 403 saying what is', async () => {
    const method = errorOf(await rawRequest(origin, head(['OPTIONS /v1/subjects/s1 HTTP/1.1', 'Host: x', `Origin: ${allowedOrigin}`, 'Access-Control-Request-Method: PUT'])), 403);
    assert.match(method.message, /it takes DELETE/);
    const header = errorOf(
      await rawRequest(origin, head(['OPTIONS /v1/subjects/s1 HTTP/1.1', 'Host: x', `Origin: ${allowedOrigin}`, 'Access-Control-Request-Method: DELETE', 'Access-Control-Request-Headers: x-api-key'])),
      403,
    );
    assert.match(header.message, /"x-api-key"/);
  });

  it('a file the docs do not have: 404; a POST to a page: 405 with Allow', async () => {
    const missing = errorOf(await rawRequest(origin, head(['GET /docs/missing.js HTTP/1.1', 'Host: x'])), 404);
    assert.match(missing.message, /no file "\/docs\/missing\.js"/);
    const posted = await rawRequest(origin, head(['POST /openapi.json HTTP/1.1', 'Host: x', 'Content-Length: 0']));
    errorOf(posted, 405);
    assert.equal(posted.headers['allow'], 'GET, HEAD');
  });

  it('a JSON body over the route limit: 413 naming the limit and its setting, not the upload limit', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'a'.repeat(70 * 1024) }));
    const answer = await rawRequest(origin, head(['POST /v1/shelves/s1/books HTTP/1.1', 'Host: x', 'Content-Type: application/json', `Content-Length: ${body.length}`]), { body });
    const json = errorOf(answer, 413);
    assert.match(json.message, /the JSON body of this route \(MAX_JSON_BODY_BYTES\) is larger than the limit of 64 KiB/);
  });

  it('a form without a boundary, or cut short: 400 saying what to send, not the parser library\'s words', async () => {
    const noBoundary = await rawRequest(origin, head(['POST /v1/shelves/s1/covers HTTP/1.1', 'Host: x', 'Content-Type: multipart/form-data', 'Content-Length: 1']), { body: Buffer.from('x') });
    assert.match(errorOf(noBoundary, 400).message, /has no boundary: let your HTTP client build the form/);
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="content"; filename="a.png"\r\n\r\nabc');
    const cut = await rawRequest(origin, head(['POST /v1/shelves/s1/covers HTTP/1.1', 'Host: x', 'Content-Type: multipart/form-data; boundary=b', `Content-Length: ${body.length}`]), { body });
    const json = errorOf(cut, 400);
    assert.match(json.message, /ended before its closing boundary/);
    assert.doesNotMatch(json.message, /Unexpected end of form/);
  });

  it('a form part without a name: 400 saying each part needs one (it was a 500)', async () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name=""\r\n\r\nnull\r\n--b--\r\n');
    const answer = await rawRequest(origin, head(['POST /v1/shelves/s1/covers HTTP/1.1', 'Host: x', 'Content-Type: multipart/form-data; boundary=b', `Content-Length: ${body.length}`]), { body });
    assert.match(errorOf(answer, 400).message, /a form part has no name/);
  });

  it('long caller text in an error is quoted and cut, never echoed whole', async () => {
    const answer = await rawRequest(origin, head([`GET /v1/shelves/s1?${'x'.repeat(10_000)}=1 HTTP/1.1`, 'Host: x']));
    const json = errorOf(answer, 400);
    assert.ok(answer.body.length < 1_500, `the answer is ${answer.body.length} bytes`);
    assert.match(json.message, /"x{64}"… \(10000 characters\)/);
  });
});

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier } from './jwt-auth.ts';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';
import { hs256Token } from './test-fixtures/tokens.ts';

let stack: TestStack;
before(async () => (stack = await startTestStack()));
after(() => stack.close());

async function call(method: string, path: string, token?: string, body?: FormData | object) {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const init: RequestInit = { method, headers };
  if (body instanceof FormData) init.body = body;
  else if (body) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(stack.url(path), init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as any) : undefined };
}

const reasonOf = (json: any) => json.details.find((detail: any) => detail.reason)?.reason;

describe('JWT authentication on /v1/subjects/**', () => {
  it('lets a subject read its own data with a valid token', async () => {
    const { status, json } = await call('GET', '/v1/subjects/s1/analyses?pageSize=5', await hs256Token('s1'));
    assert.equal(status, 200);
    assert.deepEqual(json, { analyses: [{ ...json.analyses[0], id: 'a1', subjectId: 's1' }], nextPageToken: 'after-start-5' });
    const erased = await call('DELETE', '/v1/subjects/s1', await hs256Token('s1'));
    assert.equal(erased.status, 200);
    assert.deepEqual(erased.json, { deletedAnalysisCount: 2, deletedPhotoCount: 1, eraseTime: '2025-01-01T00:00:00Z' });
  });

  it('answers 401 with WWW-Authenticate when the token is missing', async () => {
    const { status, headers, json } = await call('GET', '/v1/subjects/s1/analyses');
    assert.equal(status, 401);
    assert.equal(headers.get('www-authenticate'), 'Bearer realm="shine"');
    assert.equal(reasonOf(json), 'TOKEN_MISSING');
  });

  it('answers 401 for an expired, forged, malformed or unsupported token', async () => {
    const expired = await call('GET', '/v1/subjects/s1/analyses', await hs256Token('s1', Math.floor(Date.now() / 1000) - 3600));
    assert.equal(expired.status, 401);
    assert.equal(reasonOf(expired.json), 'TOKEN_EXPIRED');
    assert.match(expired.json.message, /expired/);
    assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token"/);

    const forged = await call('GET', '/v1/subjects/s1/analyses', await hs256Token('s1', '5m', 'another secret that is also 32 bytes or more'));
    assert.equal(forged.status, 401);
    assert.match(forged.json.message, /signature/);

    assert.equal((await call('GET', '/v1/subjects/s1/analyses', 'not-a-jwt')).status, 401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"s1"}').toString('base64url')}.`;
    const none = await call('GET', '/v1/subjects/s1/analyses', unsigned);
    assert.equal(none.status, 401);
    const basic = await fetch(stack.url('/v1/subjects/s1/analyses'), { headers: { authorization: 'Basic czE6cHc=' } });
    assert.equal(basic.status, 401);
  });

  it('refuses with 403 a token of another subject, on every route of the subject', async () => {
    const other = await hs256Token('s2');
    for (const [method, path] of [
      ['GET', '/v1/subjects/s1/analyses'],
      ['DELETE', '/v1/subjects/s1'],
      ['GET', '/v1/subjects/s1/recommendations'],
      ['GET', '/v1/subjects/s1/recommendations:watch'],
    ] as const) {
      const { status, json } = await call(method, path, other);
      assert.equal(status, 403, path);
      assert.equal(reasonOf(json), 'SUBJECT_MISMATCH');
      assert.match(json.message, /^this token is for subject "[^"]+"; another subject's data \("s1"\) needs that subject's own token$/);
    }
  });

  it('protects a subject named inside a resource name as it protects subject_id', async () => {
    // GET /v1/{name=subjects/*/shelves/*}: no subject_id field, and the template does not start with /v1/subjects/.
    assert.equal((await call('GET', '/v1/subjects/s1/shelves/x')).status, 401);
    const other = await call('GET', '/v1/subjects/s1/shelves/x', await hs256Token('s2'));
    assert.equal(other.status, 403);
    assert.equal(reasonOf(other.json), 'SUBJECT_MISMATCH');
    const own = await call('GET', '/v1/subjects/s1/shelves/x', await hs256Token('s1'));
    assert.equal(own.status, 200);
    assert.equal(own.json.name, 'subjects/s1/shelves/x');
  });
});

describe('analyses for subjects and guests', () => {
  const photo = () => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(1000)]), 'selfie.jpg');
    return form;
  };
  const forSubject = (subject: string) => {
    const form = photo();
    form.append('subject_id', subject);
    return form;
  };

  it('lets a guest analyse without an account', async () => {
    const { status, json } = await call('POST', '/v1/analyses', undefined, photo());
    assert.equal(status, 200);
    assert.equal(json.subjectId, '');
  });

  it('needs the subject’s own token when the request names a subject', async () => {
    assert.equal((await call('POST', '/v1/analyses', undefined, forSubject('s1'))).status, 401);
    assert.equal((await call('POST', '/v1/analyses', await hs256Token('s2'), forSubject('s1'))).status, 403);
    const own = await call('POST', '/v1/analyses', await hs256Token('s1'), forSubject('s1'));
    assert.equal(own.status, 200);
    assert.equal(own.json.subjectId, 's1');
    const json = await call('POST', '/v1/analyses', await hs256Token('s2'), { image: 'AAEC', subjectId: 's1' });
    assert.equal(json.status, 403, 'the subject in a JSON body is checked too');
  });

  it('keeps the legacy route a guest route: tokens ignored, a subject refused', async () => {
    assert.equal((await call('POST', '/api/v2/analyze/guest', 'garbage', photo())).status, 200);
    const named = await call('POST', '/api/v2/analyze/guest', await hs256Token('s1'), forSubject('s1'));
    assert.equal(named.status, 400);
    assert.equal(reasonOf(named.json), 'GUEST_ROUTE');
  });

  it('still refuses an invalid token on a route where it is optional', async () => {
    assert.equal((await call('POST', '/v1/analyses', 'garbage', photo())).status, 401);
  });
});

describe('metadata forwarding', () => {
  it('passes the verified subject, request id, tracing and Grpc-Metadata-* headers, never credentials or spoofed shine-* keys', async () => {
    const response = await fetch(stack.url('/v1/inspect'), {
      headers: {
        authorization: `Bearer ${await hs256Token('s7')}`,
        cookie: 'session=secret',
        'x-request-id': 'req-forward',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'grpc-metadata-client-version': '2.4.1',
        'grpc-metadata-shine-subject-id': 'someone-else',
        'grpc-metadata-authorization': 'Bearer smuggled',
        'grpc-metadata-x-forwarded-for': '203.0.113.9',
        'grpc-metadata-x-request-id': 'spoofed',
        'accept-language': 'fr-FR',
      },
    });
    const { metadata } = (await response.json()) as { metadata: Record<string, string> };
    assert.equal(metadata['shine-subject-id'], 's7');
    assert.equal(metadata['x-request-id'], 'req-forward');
    assert.equal(metadata['traceparent'], '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    assert.equal(metadata['client-version'], '2.4.1');
    assert.equal(metadata['accept-language'], 'fr-FR');
    assert.equal(metadata['x-forwarded-for'], '127.0.0.1');
    assert.equal(metadata['authorization'], undefined);
    assert.equal(metadata['cookie'], undefined);
  });

  it('carries headers with bytes gRPC metadata cannot hold where it can, and refuses Grpc-Metadata-* it cannot carry with 400', async () => {
    // Node reads header bytes as latin1: "é" is the byte 0xE9.
    const response = await fetch(stack.url('/v1/inspect'), { headers: { 'user-agent': 'Phone Café', 'accept-language': 'dé' } });
    assert.equal(response.status, 200);
    const { metadata } = (await response.json()) as { metadata: Record<string, string> };
    assert.equal(metadata['x-forwarded-user-agent'], 'Phone Caf%E9');
    assert.equal(metadata['accept-language'], undefined);
    for (const [name, value, message] of [
      ['grpc-metadata-note', 'café', /Grpc-Metadata-Note: gRPC metadata values are printable ASCII/i],
      ['grpc-metadata-a!b', 'x', /Grpc-Metadata-a!b: a gRPC metadata key may hold only/i],
    ] as const) {
      const refused = await fetch(stack.url('/v1/inspect'), { headers: { [name]: value } });
      assert.equal(refused.status, 400, name);
      assert.match(((await refused.json()) as { message: string }).message, message);
    }
  });

  it('sends no subject for a guest', async () => {
    const { metadata } = (await (await fetch(stack.url('/v1/inspect'))).json()) as { metadata: Record<string, string> };
    assert.equal(metadata['shine-subject-id'], undefined);
  });
});

describe('RS256 tokens from a JWKS URL', () => {
  let jwks: Server;
  let rs: TestStack;
  let sign: (subject: string, claims?: { issuer?: string; audience?: string }) => Promise<string>;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    sign = (subject, claims = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setSubject(subject)
        .setIssuer(claims.issuer ?? 'https://id.shine.test')
        .setAudience(claims.audience ?? 'shine-api')
        .setExpirationTime('5m')
        .sign(privateKey);
    rs = await startTestStack({ verifyToken: createTokenVerifier({ jwksUrl: url, issuer: 'https://id.shine.test', audience: 'shine-api' }) });
  });
  after(async () => {
    await rs.close();
    jwks.close();
  });

  it('accepts a token signed by a key of the set, with the right issuer and audience', async () => {
    const response = await fetch(rs.url('/v1/subjects/s1/recommendations'), { headers: { authorization: `Bearer ${await sign('s1')}` } });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { subjectId: string }).subjectId, 's1');
  });

  it('refuses a wrong audience or issuer, and HS256 tokens when no secret is configured', async () => {
    for (const token of [await sign('s1', { audience: 'other' }), await sign('s1', { issuer: 'https://evil.test' }), await hs256Token('s1')]) {
      const response = await fetch(rs.url('/v1/subjects/s1/recommendations'), { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 401);
    }
  });
});

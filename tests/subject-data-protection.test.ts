// A subject's data through the gateway, tried as an attacker would: every subject route refuses
// every kind of bad token with the right status and the same answer whether the subject exists or
// not; a signed-in caller's analysis is its own; photos and their EXIF (GPS!) are kept only when
// asked, and then without metadata, as the database shows; no secret reaches the services' logs.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import sharp from 'sharp';
import { createPool, type Pool } from '@shine/postgres';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { startShineStack, type ShineStack } from './support/shine-stack.ts';

const ISSUER = 'https://id.shine.test';
const AUDIENCE = 'shine-api';
const OWNER = 'subject-with-data';
const STRANGER = 'subject-never-seen';
const OTHER = 'another-subject';
const now = () => Math.floor(Date.now() / 1000);

let stack: ShineStack;
let jwks: Server;
let rsaPrivate: CryptoKey;
let rsaPublicPem: string;
let analysisPool: Pool;
const tokensUsed: string[] = [];

const hs256 = (secret: string | Uint8Array) => (typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

/** A token signed as the gateway expects, with `changes` applied to its claims. */
async function token(subject: string, changes: { secret?: string | Uint8Array; issuer?: string; audience?: string; exp?: number; nbf?: number } = {}): Promise<string> {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuer(changes.issuer ?? ISSUER).setAudience(changes.audience ?? AUDIENCE);
  jwt.setExpirationTime(changes.exp ?? now() + 600);
  if (changes.nbf !== undefined) jwt.setNotBefore(changes.nbf);
  const signed = await jwt.sign(hs256(changes.secret ?? stack.jwtSecret));
  tokensUsed.push(signed);
  return signed;
}

async function rs256Token(subject: string): Promise<string> {
  const signed = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject(subject).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').sign(rsaPrivate);
  tokensUsed.push(signed);
  return signed;
}

/** Every way a token can be wrong but for whose it is: each must be 401. */
const badTokens: Record<string, (subject: string) => Promise<string | undefined>> = {
  'no token': async () => undefined,
  'not a JWT': async () => 'not-a-jwt',
  'a bad signature': (subject) => token(subject, { secret: 'a different secret, also at least 32 bytes long' }),
  'alg none': async (subject) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: subject, iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })}.`;
  },
  // The RS/HS confusion: HS256 keyed with the RSA public key, which anyone can fetch from the JWKS.
  'HS256 keyed with the RS256 public key': (subject) => token(subject, { secret: rsaPublicPem }),
  'an expired token': (subject) => token(subject, { exp: now() - 3600 }),
  'a token not yet valid': (subject) => token(subject, { nbf: now() + 3600 }),
  'another audience': (subject) => token(subject, { audience: 'some-other-api' }),
  'another issuer': (subject) => token(subject, { issuer: 'https://evil.example' }),
};

/** Every route that touches a subject's data, for `subject`. */
function subjectRoutes(subject: string, photo: Buffer): Record<string, () => { path: string; init: RequestInit }> {
  const encoded = encodeURIComponent(subject);
  return {
    'GET analyses': () => ({ path: `/v1/subjects/${encoded}/analyses`, init: {} }),
    'DELETE subject': () => ({ path: `/v1/subjects/${encoded}`, init: { method: 'DELETE' } }),
    'GET recommendations': () => ({ path: `/v1/subjects/${encoded}/recommendations`, init: {} }),
    'GET recommendations:watch': () => ({ path: `/v1/subjects/${encoded}/recommendations:watch`, init: {} }),
    'POST analysis naming the subject': () => {
      const form = new FormData();
      form.set('image', new Blob([photo]), 'face.jpg');
      form.set('subjectId', subject);
      return { path: '/v1/analyses', init: { method: 'POST', body: form } };
    },
  };
}

async function call(path: string, init: RequestInit, bearer?: string) {
  const headers = new Headers(init.headers);
  if (bearer !== undefined) headers.set('authorization', `Bearer ${bearer}`);
  // Bounded: a stream wrongly opened to an attacker would otherwise hold the test until its timeout.
  const response = await fetch(`${stack.origin}${path}`, { ...init, headers, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  const body = text === '' ? {} : JSON.parse(text);
  return { status: response.status, body };
}

/** The parts of a refusal a caller can read, the subject's own name taken out and the request id dropped. */
function refusal(answer: { status: number; body: any }, subject: string) {
  const reason = answer.body.details?.find((detail: any) => detail.reason)?.reason;
  return { status: answer.status, code: answer.body.code, reason, message: String(answer.body.message).replaceAll(subject, '<subject>') };
}

async function photoWithGps(): Promise<Buffer> {
  return sharp(await readTestPhoto('ai-face.jpg'))
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** Rows of any table of the analysis database holding `text`, as text or inside bytes. */
async function rowsHolding(text: string): Promise<string[]> {
  const { rows: tables } = await analysisPool.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
  const hex = Buffer.from(text).toString('hex');
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await analysisPool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}" t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0`, [text, hex]);
    if (rows[0]!.n > 0) found.push(`${name}: ${rows[0]!.n}`);
  }
  return found;
}

describe('a subject’s data through the gateway', { timeout: 600_000 }, () => {
  let photo: Buffer;
  let ownersAnalysisId: string;

  before(async () => {
    const pair = await generateKeyPair('RS256');
    rsaPrivate = pair.privateKey;
    rsaPublicPem = await exportSPKI(pair.publicKey);
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    jwks.listen(0, '127.0.0.1');
    await once(jwks, 'listening');
    const { port } = jwks.address() as { port: number };
    stack = await startShineStack({
      gatewayEnv: { JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
      captureLogs: true,
    });
    analysisPool = createPool({ connectionString: stack.databaseUrls.analysis, applicationName: 'security-test', onIdleError: () => {} });
    photo = await readTestPhoto('ai-face.jpg');
    // The owner has data: an analysis made with the owner's own token.
    const made = await call('/v1/analyses', subjectRoutes(OWNER, photo)['POST analysis naming the subject']!().init, await token(OWNER));
    assert.equal(made.status, 200, JSON.stringify(made.body));
    ownersAnalysisId = made.body.id;
  });
  after(async () => {
    await analysisPool?.end();
    await stack?.stop();
    jwks?.close();
  });

  it('lets the owner in with an HS256 or an RS256 token (so the refusals below are about the token)', async () => {
    for (const bearer of [await token(OWNER), await rs256Token(OWNER)]) {
      const { status, body } = await call(`/v1/subjects/${OWNER}/analyses`, {}, bearer);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.analyses.map((analysis: { id: string }) => analysis.id), [ownersAnalysisId]);
    }
  });

  for (const [route, request] of Object.entries(subjectRoutes(OWNER, Buffer.alloc(0)))) {
    it(`refuses ${route} with 401 for every bad token and 403 for another subject’s, the same whether the subject exists or not`, async () => {
      for (const [kind, make] of Object.entries(badTokens)) {
        const answers = [];
        for (const subject of [OWNER, STRANGER]) {
          const { path, init } = subjectRoutes(subject, photo)[route]!();
          answers.push(refusal(await call(path, init, await make(subject)), subject));
        }
        assert.equal(answers[0]!.status, 401, `${route}, ${kind}: ${JSON.stringify(answers[0])}`);
        assert.deepEqual(answers[0], answers[1], `${route}, ${kind}: the answer tells whether the subject exists`);
      }
      const others = [];
      for (const subject of [OWNER, STRANGER]) {
        const { path, init } = subjectRoutes(subject, photo)[route]!();
        others.push(refusal(await call(path, init, await token(OTHER)), subject));
      }
      assert.equal(others[0]!.status, 403, `${route} with another subject’s token: ${JSON.stringify(others[0])}`);
      assert.deepEqual(others[0], others[1], `${route}: the answer tells whether the subject exists`);
      void request;
    });
  }

  it('keeps a subject’s analysis from anyone else: the same 404 as an id that never existed', async () => {
    const never = '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';
    for (const bearer of [undefined, await token(OTHER)]) {
      const owned = refusal(await call(`/v1/analyses/${ownersAnalysisId}`, {}, bearer), ownersAnalysisId);
      const missing = refusal(await call(`/v1/analyses/${never}`, {}, bearer), never);
      assert.equal(owned.status, 404);
      assert.deepEqual(owned, missing);
    }
    assert.equal((await call(`/v1/analyses/${ownersAnalysisId}`, {}, await token(OWNER))).status, 200);
  });

  it('does not let a subject name smuggled into the path reach another subject', async () => {
    const bearer = await token(OTHER);
    for (const path of [`/v1/subjects/${OTHER}%2F..%2F${OWNER}/analyses`, `/v1/subjects/${OWNER.toUpperCase()}/analyses`, `/v1/subjects/${OWNER}%00/analyses`]) {
      const { status } = await call(path, {}, bearer);
      assert.ok(status === 403 || status === 400, `${path}: ${status}`);
    }
  });

  it('stores a signed-in caller’s analysis without subjectId for the token’s subject, and a guest’s for no one', async () => {
    const form = new FormData();
    form.set('image', new Blob([photo]), 'face.jpg');
    const signedIn = await call('/v1/analyses', { method: 'POST', body: form }, await token(OTHER));
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.equal(signedIn.body.subjectId, OTHER);
    assert.equal(signedIn.body.persisted, true);
    const listed = await call(`/v1/subjects/${OTHER}/analyses`, {}, await token(OTHER));
    assert.ok(listed.body.analyses.some((analysis: { id: string }) => analysis.id === signedIn.body.id));
    const guest = await call('/v1/analyses', { method: 'POST', body: form });
    assert.equal(guest.status, 200);
    assert.equal(guest.body.subjectId, '');
    assert.equal(guest.body.persisted, false);
    const { rows } = await analysisPool.query('SELECT 1 FROM analyses WHERE id = $1', [guest.body.id]);
    assert.equal(rows.length, 0, 'a guest analysis without persist is not stored');
  });

  it('keeps no photo unless asked, and then no EXIF: the database holds no GPS position or camera', async () => {
    const gpsPhoto = await photoWithGps();
    assert.ok((await sharp(gpsPhoto).metadata()).exif?.includes('PhoneMaker'), 'the upload carries EXIF with GPS');
    const upload = async (storePhoto: boolean) => {
      const form = new FormData();
      form.set('image', new Blob([gpsPhoto]), 'phone.jpg');
      form.set('storePhoto', String(storePhoto));
      const { status, body } = await call('/v1/analyses', { method: 'POST', body: form }, await token(OWNER));
      assert.equal(status, 200, JSON.stringify(body));
      return body as { id: string; photoStored: boolean };
    };
    const withoutPhoto = await upload(false);
    assert.equal(withoutPhoto.photoStored, false);
    assert.equal((await analysisPool.query('SELECT 1 FROM analysis_photos WHERE analysis_id = $1', [withoutPhoto.id])).rows.length, 0);
    const withPhoto = await upload(true);
    assert.equal(withPhoto.photoStored, true);
    const { rows } = await analysisPool.query<{ bytes: Buffer; content_type: string }>('SELECT bytes, content_type FROM analysis_photos WHERE analysis_id = $1', [withPhoto.id]);
    assert.equal(rows.length, 1);
    const stored = await sharp(rows[0]!.bytes).metadata();
    assert.equal(stored.exif, undefined, 'the stored photo has no EXIF');
    assert.ok(stored.width! > 0 && rows[0]!.content_type === 'image/jpeg');
    assert.deepEqual(await rowsHolding('PhoneMaker'), [], 'no table holds the camera named in the EXIF');
  });

  it('writes no secret to the services’ logs: not the JWT secret, the database passwords or any token', async () => {
    const logs = stack.logs();
    assert.ok(logs.length > 0, 'the services logged at debug level');
    assert.ok(!logs.includes(stack.jwtSecret), 'the JWT secret is in the logs');
    for (const url of Object.values(stack.databaseUrls)) {
      const { password } = new URL(url);
      assert.ok(password.length > 0);
      assert.ok(!logs.includes(url), 'a database URL with its password is in the logs');
      assert.ok(!logs.includes(`:${password}@`), 'a database password is in the logs');
    }
    for (const used of tokensUsed) assert.ok(!logs.includes(used.split('.')[2]!), 'a bearer token’s signature is in the logs');
  });
});

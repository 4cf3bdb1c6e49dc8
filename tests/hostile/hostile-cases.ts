// The hostile-input corpus: every request here is made by this script (nothing hostile is kept as a
// file), each with a name and what Shine must answer. "refused" means a 4xx with the JSON error
// shape; "served" means the request is honest underneath its oddity and gets its answer.
import { gzipSync } from 'node:zlib';
import { appSegment, commentSegment, exifSegment, jpegClaiming, jpegWithDimensions, jpegWithSegments, plainPng, png, pngBomb, tinyGif, zipWith } from './hostile-files.ts';

export interface RawSpec {
  /** Request line and headers, ending with the empty line. */
  head: string | Buffer;
  body?: Buffer;
  trickle?: { bytes: number; everyMs: number };
}

export interface HostileCase {
  /** "group/what", unique. */
  name: string;
  /** 'refused': 4xx JSON error; 'served': 2xx; a number: exactly that status. */
  expect: 'refused' | 'served' | number;
  /** Bytes on the wire: built on demand, so a 100 MB body lives only while it is sent. */
  request(): RawSpec | Promise<RawSpec>;
  /** Longest the answer may take, in ms (a trickle waits for the pace window). */
  timeoutMs?: number;
}

export interface CorpusContext {
  /** A real portrait with one face (JPEG) and the same as PNG. */
  jpeg: Buffer;
  png: Buffer;
  /** A subject and a valid token for it. */
  subject: string;
  token: string;
  /** The gateway's body pace window (BODY_PACE_WINDOW_MS), for the trickle's timeout. */
  paceWindowMs: number;
}

const CRLF = '\r\n';

/** A request with Host and, when there is a body, Content-Length set; `headers` may override either. */
export function httpRequest(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): RawSpec {
  const all: Record<string, string> = { host: 'shine.test', ...(body ? { 'content-length': String(body.length) } : {}), ...headers };
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  return { head: `${method} ${path} HTTP/1.1${CRLF}${lines.join(CRLF)}${CRLF}${CRLF}`, ...(body ? { body } : {}) };
}

interface Part {
  name: string;
  content: Buffer | string;
  filename?: string;
  type?: string;
}

const BOUNDARY = 'shine-hostile-boundary';

/** A multipart/form-data body of `parts`, closed unless `unterminated`. */
export function form(parts: readonly Part[], options: { unterminated?: boolean } = {}): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    pieces.push(Buffer.from(`--${BOUNDARY}${CRLF}Content-Disposition: ${disposition}${CRLF}${part.type ? `Content-Type: ${part.type}${CRLF}` : ''}${CRLF}`));
    pieces.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    pieces.push(Buffer.from(CRLF));
  }
  if (!options.unterminated) pieces.push(Buffer.from(`--${BOUNDARY}--${CRLF}`));
  return Buffer.concat(pieces);
}

const formType = `multipart/form-data; boundary=${BOUNDARY}`;

/** An upload of `file` as the image part of a guest analysis. */
function upload(file: Buffer, type = 'image/jpeg', filename = 'photo.jpg'): RawSpec {
  return httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'image', content: file, filename, type }]));
}

const json = (path: string, text: string | Buffer, type = 'application/json') =>
  httpRequest('POST', path, { 'content-type': type }, Buffer.isBuffer(text) ? text : Buffer.from(text));
const get = (path: string, headers: Record<string, string> = {}) => httpRequest('GET', path, headers);

const svgXxe = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text>&xxe;</text></svg>`;
const svgScript = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>`;
const pdf = `%PDF-1.7${CRLF}1 0 obj <</Type /Catalog /OpenAction <</S /JavaScript /JS (app.alert(1))>> >> endobj${CRLF}trailer <</Root 1 0 R>>${CRLF}%%EOF`;

export function hostileCases(context: CorpusContext): HostileCase[] {
  const { jpeg } = context;
  const bearer = { authorization: `Bearer ${context.token}` };
  const cases: HostileCase[] = [
    // Photos that are broken, bombs, liars about their size or kind.
    { name: 'image/zero-bytes', expect: 'refused', request: () => upload(Buffer.alloc(0)) },
    { name: 'image/truncated-jpeg', expect: 'refused', request: () => upload(jpeg.subarray(0, 2048)) },
    { name: 'image/truncated-png', expect: 'refused', request: () => upload(context.png.subarray(0, 2048), 'image/png', 'photo.png') },
    { name: 'image/jpeg-markers-only', expect: 'refused', request: () => upload(Buffer.from([0xff, 0xd8, 0xff, 0xd9])) },
    { name: 'image/jpeg-scan-data-scrambled', expect: 'refused', request: () => upload(scrambleAfter(jpeg, 0.1)) },
    { name: 'image/png-bad-crc', expect: 'refused', request: () => upload(png(64, 64, Buffer.alloc(16), { badCrc: true }), 'image/png') },
    { name: 'image/png-decompression-bomb-10000x10000', expect: 'refused', request: async () => upload(await pngBomb(10_000, 10_000), 'image/png', 'bomb.png') },
    { name: 'image/png-claims-65535x65535', expect: 'refused', request: () => upload(png(65_535, 65_535, Buffer.alloc(32)), 'image/png') },
    { name: 'image/jpeg-claims-65535x65535', expect: 'refused', request: () => upload(jpegClaiming(65_535, 65_535)) },
    { name: 'image/real-jpeg-lying-60000x60000', expect: 'refused', request: () => upload(jpegWithDimensions(jpeg, 60_000, 60_000)) },
    { name: 'image/gif-zip-polyglot', expect: 'refused', request: () => upload(Buffer.concat([tinyGif(), zipWith('evil.class', 'payload')]), 'image/gif', 'a.gif') },
    { name: 'image/svg-external-entity', expect: 'refused', request: () => upload(Buffer.from(svgXxe), 'image/svg+xml', 'a.svg') },
    { name: 'image/svg-script', expect: 'refused', request: () => upload(Buffer.from(svgScript), 'image/svg+xml', 'a.svg') },
    { name: 'image/pdf-with-javascript', expect: 'refused', request: () => upload(Buffer.from(pdf), 'application/pdf', 'a.pdf') },
    { name: 'image/html-sent-as-jpeg', expect: 'refused', request: () => upload(Buffer.from('<!doctype html><script>alert(1)</script>')) },
    { name: 'image/plain-text', expect: 'refused', request: () => upload(Buffer.from('just some words'), 'text/plain', 'a.txt') },
    { name: 'image/bmp-header-only', expect: 'refused', request: () => upload(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60, 1)]), 'image/bmp', 'a.bmp') },
    { name: 'image/webp-garbage', expect: 'refused', request: () => upload(Buffer.concat([Buffer.from('RIFF\x20\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(40, 7)]), 'image/webp', 'a.webp') },
    { name: 'image/tiff-garbage', expect: 'refused', request: () => upload(Buffer.concat([Buffer.from('II*\x00\x08\x00\x00\x00', 'latin1'), Buffer.alloc(40, 9)]), 'image/tiff', 'a.tiff') },
    { name: 'image/heic-garbage', expect: 'refused', request: () => upload(Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1'), Buffer.alloc(40, 3)]), 'image/heic', 'a.heic') },
    { name: 'image/no-face', expect: 'refused', request: () => upload(plainPng(256), 'image/png', 'wall.png') },
    { name: 'image/one-pixel', expect: 'refused', request: () => upload(plainPng(1), 'image/png', 'dot.png') },
    // Real portraits carrying odd metadata: honest photos, measured (EXIF is stripped, see subject-data-protection).
    { name: 'image/exif-gps', expect: 'served', request: () => upload(jpegWithSegments(jpeg, [exifSegment([[0x0112, 3, 1]], { latitude: 51.5, longitude: 0.12 })])) },
    { name: 'image/exif-orientation-0', expect: 'served', request: () => upload(jpegWithSegments(jpeg, [exifSegment([[0x0112, 3, 0]])])) },
    { name: 'image/exif-orientation-9', expect: 'served', request: () => upload(jpegWithSegments(jpeg, [exifSegment([[0x0112, 3, 9]])])) },
    { name: 'image/exif-ifd-offset-out-of-range', expect: 'served', request: () => upload(jpegWithSegments(jpeg, [appSegment(1, Buffer.from('Exif\0\0II*\0\xff\xff\xff\x7f', 'latin1'))])) },
    { name: 'image/exif-giant-5mb', expect: 'served', request: () => upload(jpegWithSegments(jpeg, Array.from({ length: 80 }, () => appSegment(1, Buffer.alloc(65_000, 0x41))))) },
    { name: 'image/jpeg-html-zip-polyglot', expect: 'served', request: () => upload(Buffer.concat([jpegWithSegments(jpeg, [commentSegment('<html><script>alert(1)</script></html>')]), zipWith('a.js', 'alert(1)')])) },
    { name: 'image/raw-body-pdf-as-png', expect: 'refused', request: () => httpRequest('POST', '/v1/analyses', { 'content-type': 'image/png' }, Buffer.from(pdf)) },
    { name: 'image/raw-body-text-plain', expect: 415, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': 'text/plain' }, jpeg) },

    // Uploads whose form or transport is wrong.
    { name: 'upload/two-image-parts', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }, { name: 'image', content: jpeg, filename: 'b.jpg' }])) },
    { name: 'upload/no-image-part', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'storePhoto', content: 'false' }])) },
    { name: 'upload/image-as-text-field', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'image', content: 'photo.jpg' }])) },
    { name: 'upload/part-without-name', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: '', content: 'null' }])) },
    { name: 'upload/unknown-part', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }, { name: 'evil', content: '1' }])) },
    { name: 'upload/no-boundary', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': 'multipart/form-data' }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }])) },
    { name: 'upload/boundary-mismatch', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': 'multipart/form-data; boundary=other' }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }])) },
    { name: 'upload/unterminated-form', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }], { unterminated: true })) },
    { name: 'upload/100-parts', expect: 400, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form(Array.from({ length: 100 }, (_, index) => ({ name: `p${index}`, content: 'x' })))) },
    { name: 'upload/huge-text-field', expect: 413, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'subjectId', content: 'a'.repeat(100_000) }])) },
    { name: 'upload/declared-120mb', expect: 413, request: () => ({ head: httpRequest('POST', '/v1/analyses', { 'content-type': formType, 'content-length': String(120 * 1024 * 1024) }).head }) },
    { name: 'upload/streamed-101mb-chunked', expect: 413, request: () => chunked('/v1/analyses', 'image/jpeg', Buffer.alloc(101 * 1024 * 1024, 0x5a)) },
    { name: 'upload/trickled-slowloris', expect: 408, timeoutMs: context.paceWindowMs * 2 + 10_000, request: () => ({ ...upload(jpeg), trickle: { bytes: 15, everyMs: 1_000 } }) },
    { name: 'upload/gzip-encoded', expect: 415, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType, 'content-encoding': 'gzip' }, gzipSync(form([{ name: 'image', content: jpeg, filename: 'a.jpg' }]))) },
    { name: 'upload/subject-id-10000-characters', expect: 'refused', request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }, { name: 'subjectId', content: 's'.repeat(10_000) }])) },
    { name: 'upload/another-subjects-id', expect: 403, request: () => httpRequest('POST', '/v1/analyses', { 'content-type': formType, ...bearer }, form([{ name: 'image', content: jpeg, filename: 'a.jpg' }, { name: 'subjectId', content: `${context.subject}-other` }])) },

    // JSON bodies: malformed, deep, of the wrong type, at the edges of numbers and enums.
    { name: 'json/truncated', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":') },
    { name: 'json/not-json', expect: 400, request: () => json('/v1/shade-matches', 'hello') },
    { name: 'json/array-body', expect: 400, request: () => json('/v1/shade-matches', '[1,2,3]') },
    { name: 'json/null-body', expect: 400, request: () => json('/v1/shade-matches', 'null') },
    { name: 'json/nested-60000-arrays', expect: 'refused', request: () => json('/v1/shade-matches', `${'['.repeat(30_000)}${']'.repeat(30_000)}`) },
    { name: 'json/nested-objects-in-a-field', expect: 'refused', request: () => json('/v1/shade-matches', `{"skinLab":${'{"l":'.repeat(5_000)}1${'}'.repeat(5_000)}}`) },
    { name: 'json/type-confusion', expect: 400, request: () => json('/v1/shade-matches', '{"skinLab":"light","maxMatches":"many"}') },
    { name: 'json/number-1e400', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","maxMatches":1e400}') },
    { name: 'json/nan-literal', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","maxMatches":NaN}') },
    { name: 'json/int32-overflow', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","maxMatches":2147483648}') },
    { name: 'json/lab-infinity', expect: 400, request: () => json('/v1/shade-matches', '{"skinLab":{"l":"Infinity","a":0,"b":0}}') },
    { name: 'json/duplicate-keys-last-invalid', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","skinHex":"#zzzzzz"}') },
    { name: 'json/proto-pollution', expect: 400, request: () => json('/v1/shade-matches', '{"__proto__":{"polluted":true},"skinHex":"#a07e56"}') },
    { name: 'json/constructor-pollution', expect: 400, request: () => json('/v1/shade-matches', '{"constructor":{"prototype":{"polluted":true}},"skinHex":"#a07e56"}') },
    { name: 'json/byte-order-mark', expect: 400, request: () => json('/v1/shade-matches', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"skinHex":"#a07e56"}')])) },
    { name: 'json/utf16-body', expect: 400, request: () => json('/v1/shade-matches', Buffer.from('{"skinHex":"#a07e56"}', 'utf16le')) },
    { name: 'json/invalid-utf8-in-string', expect: 400, request: () => json('/v1/shade-matches', Buffer.concat([Buffer.from('{"skinHex":"#a07e'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])) },
    { name: 'json/oneof-both-set', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","skinLab":{"l":60,"a":10,"b":20}}') },
    { name: 'json/unknown-enum-name', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","category":"PRODUCT_CATEGORY_LIPSTICKS"}') },
    { name: 'json/enum-number-999', expect: 400, request: () => json('/v1/shade-matches', '{"skinHex":"#a07e56","category":999}') },
    { name: 'json/70kb-body', expect: 413, request: () => json('/v1/shade-matches', `{"skinHex":"#a07e56","brands":[${Array.from({ length: 7_000 }, () => '"aaaaaaaa"').join(',')}]}`) },
    { name: 'json/xml-content-type', expect: 415, request: () => json('/v1/shade-matches', '<skin hex="#a07e56"/>', 'application/xml') },
    { name: 'json/gzip-bomb', expect: 415, request: () => httpRequest('POST', '/v1/shade-matches', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20))) },

    // Query strings and paths.
    { name: 'query/monk-int32-overflow', expect: 400, request: () => get('/v1/palettes?monk=2147483648') },
    { name: 'query/monk-fraction', expect: 400, request: () => get('/v1/palettes?monk=5.5') },
    { name: 'query/monk-hex', expect: 400, request: () => get('/v1/palettes?monk=0x5') },
    { name: 'query/monk-out-of-scale', expect: 400, request: () => get('/v1/palettes?monk=11') },
    { name: 'query/page-size-negative', expect: 400, request: () => get('/v1/products?pageSize=-1') },
    { name: 'query/page-size-1e309', expect: 400, request: () => get('/v1/products?pageSize=1e309') },
    { name: 'query/undertone-unknown', expect: 400, request: () => get('/v1/products?undertone=PURPLE') },
    { name: 'query/undertone-number-99', expect: 400, request: () => get('/v1/products?undertone=99') },
    { name: 'query/non-utf8-percent-ff', expect: 400, request: () => get('/v1/products?query=%FF%FE') },
    { name: 'query/overlong-utf8', expect: 400, request: () => get('/v1/products?query=%C0%AF') },
    { name: 'query/null-byte', expect: 400, request: () => get('/v1/products?brand=a%00b') },
    { name: 'query/unknown-parameter', expect: 400, request: () => get('/v1/products?debug=true') },
    { name: 'query/singular-given-twice', expect: 400, request: () => get('/v1/palettes?monk=1&monk=2') },
    { name: 'query/bad-page-token', expect: 400, request: () => get(`/v1/products?pageToken=${'A'.repeat(2_000)}`) },
    { name: 'path/traversal-in-analysis-id', expect: 400, request: () => get('/v1/analyses/..%2F..%2Fetc%2Fpasswd') },
    { name: 'path/traversal-in-docs', expect: 404, request: () => get('/docs/../../package.json') },
    { name: 'path/encoded-traversal-in-assets', expect: 404, request: () => get('/assets/..%2f..%2fpackage.json') },
    { name: 'path/non-utf8-product-id', expect: 400, request: () => get('/v1/products/%FF') },
    { name: 'path/overlong-utf8-product-id', expect: 400, request: () => get('/v1/products/%C0%AE%C0%AE') },
    { name: 'path/raw-0xff', expect: 400, request: () => ({ head: Buffer.concat([Buffer.from('GET /v1/products/'), Buffer.from([0xff]), Buffer.from(` HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`)]) }) },
    { name: 'path/subject-with-encoded-slash', expect: 'refused', request: () => get(`/v1/subjects/${context.subject}%2F..%2Fother/recommendations`, bearer) },
    { name: 'path/other-subject', expect: 403, request: () => get(`/v1/subjects/${context.subject}-other/recommendations`, bearer) },

    // The protocol itself.
    { name: 'http/unknown-method', expect: 400, request: () => ({ head: `BREW /v1/products HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}` }) },
    { name: 'http/trace', expect: 'refused', request: () => httpRequest('TRACE', '/v1/products') },
    { name: 'http/negative-content-length', expect: 400, request: () => ({ head: `POST /v1/shade-matches HTTP/1.1${CRLF}Host: x${CRLF}Content-Length: -1${CRLF}${CRLF}` }) },
    { name: 'http/content-length-and-chunked', expect: 400, request: () => ({ head: `POST /v1/shade-matches HTTP/1.1${CRLF}Host: x${CRLF}Content-Length: 5${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}`, body: Buffer.from(`0${CRLF}${CRLF}GET /smuggled HTTP/1.1${CRLF}${CRLF}`) }) },
    { name: 'http/two-content-lengths', expect: 400, request: () => ({ head: `POST /v1/shade-matches HTTP/1.1${CRLF}Host: x${CRLF}Content-Length: 2${CRLF}Content-Length: 20${CRLF}${CRLF}`, body: Buffer.from('{}') }) },
    { name: 'http/bad-header-name', expect: 400, request: () => ({ head: `GET /v1/products HTTP/1.1${CRLF}Host: x${CRLF}Bad Header: 1${CRLF}${CRLF}` }) },
    { name: 'http/header-64kb', expect: 431, request: () => get('/v1/products', { 'x-padding': 'a'.repeat(64 * 1024) }) },
    { name: 'http/url-1mb', expect: 431, request: () => get(`/v1/products?query=${'a'.repeat(1024 * 1024)}`) },
    { name: 'http/2000-headers', expect: 431, request: () => get('/v1/products', Object.fromEntries(Array.from({ length: 2_000 }, (_, index) => [`x-h${index}`, 'v']))) },
    { name: 'http/http2-preface-on-http1', expect: 'refused', request: () => ({ head: `PRI * HTTP/2.0${CRLF}${CRLF}SM${CRLF}${CRLF}` }) },
    { name: 'http/request-id-with-markup', expect: 404, request: () => get('/v1/nothing-here', { 'x-request-id': '<script>alert(1)</script>' }) },

    // Credentials.
    { name: 'auth/token-8kb', expect: 401, request: () => get(`/v1/subjects/${context.subject}/recommendations`, { authorization: `Bearer ${'a'.repeat(8_000)}` }) },
    { name: 'auth/empty-bearer', expect: 401, request: () => get(`/v1/subjects/${context.subject}/recommendations`, { authorization: 'Bearer ' }) },
    { name: 'auth/basic-scheme', expect: 401, request: () => get(`/v1/subjects/${context.subject}/recommendations`, { authorization: 'Basic dXNlcjpwYXNz' }) },
    { name: 'auth/alg-none', expect: 401, request: () => get(`/v1/subjects/${context.subject}/recommendations`, { authorization: `Bearer ${unsignedToken(context.subject)}` }) },
  ];
  const names = new Set(cases.map((entry) => entry.name));
  if (names.size !== cases.length) throw new Error('two hostile cases share a name');
  return cases;
}

/** `jpeg` with everything past the first `keep` share overwritten by a seeded scramble. */
function scrambleAfter(jpeg: Buffer, keep: number): Buffer {
  const copy = Buffer.from(jpeg);
  let state = 12345;
  for (let at = Math.floor(copy.length * keep); at < copy.length - 2; at += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    copy[at] = state & 0xff;
  }
  return copy;
}

/** A body sent chunked (no Content-Length), so only counting the bytes as they come can stop it. */
function chunked(path: string, type: string, body: Buffer): RawSpec {
  const head = `POST ${path} HTTP/1.1${CRLF}Host: x${CRLF}Content-Type: ${type}${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}`;
  return { head, body: Buffer.concat([Buffer.from(`${body.length.toString(16)}${CRLF}`), body, Buffer.from(`${CRLF}0${CRLF}${CRLF}`)]) };
}

/** A JWT with alg "none" and no signature, naming `subject`. */
function unsignedToken(subject: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: subject, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
}

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

let stack: TestStack;
before(async () => (stack = await startTestStack({ maxUploadBytes: 1024 * 1024 })));
after(() => stack.close());

const photo = Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7) % 256));

async function post(path: string, body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}) {
  const response = await fetch(stack.url(path), { method: 'POST', body, headers });
  return { status: response.status, json: (await response.json()) as any };
}

describe('multipart/form-data uploads', () => {
  it('map the file part to the bytes field and the other parts to fields (guest analysis)', async () => {
    const form = new FormData();
    form.append('image', new Blob([photo], { type: 'image/jpeg' }), 'selfie.jpg');
    form.append('persist', 'true');
    form.append('store_photo', 'false');
    const { status, json } = await post('/v1/analyses', form);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.id, `bytes-${photo.length}`);
    assert.equal(json.persisted, true);
    assert.equal(json.photoStored, false);
    assert.equal(json.subjectId, '');
  });

  it('work on the legacy guest route too', async () => {
    const form = new FormData();
    form.append('image', new Blob([photo]), 'selfie.jpg');
    const { status, json } = await post('/api/v2/analyze/guest', form);
    assert.equal(status, 200);
    assert.equal(json.id, `bytes-${photo.length}`);
  });

  it('carry repeated fields by repetition and a message field as an application/json part, bytes intact', async () => {
    const form = new FormData();
    form.append('image', new Blob([photo], { type: 'image/png' }), 'cover.png');
    form.append('caption', 'Summer shelf');
    form.append('public', 'true');
    form.append('labels', 'warm');
    form.append('labels', new Blob([JSON.stringify(['bright', 'soft'])], { type: 'application/json' }));
    form.append('details', new Blob([JSON.stringify({ name: 'meta', level: 2 })], { type: 'application/json' }));
    const { status, json } = await post('/v1/shelves/s1/covers', form);
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(json, {
      shelf: 'shelves/s1',
      byteCount: String(photo.length),
      sha256: createHash('sha256').update(photo).digest('hex'),
      caption: 'Summer shelf',
      public: true,
      labels: ['warm', 'bright', 'soft'],
      details: { name: 'meta', level: 2 },
    });
  });

  it('refuse unknown parts and a file part that names no bytes field', async () => {
    const unknown = new FormData();
    unknown.append('image', new Blob([photo]), 'a.jpg');
    unknown.append('colour', 'red');
    const first = await post('/v1/analyses', unknown);
    assert.equal(first.status, 400);
    assert.match(first.json.message, /unknown form field "colour"/);
    const misplaced = new FormData();
    misplaced.append('subject_id', new Blob([photo]), 'a.jpg');
    const second = await post('/v1/analyses', misplaced);
    assert.equal(second.status, 400);
    assert.match(second.json.message, /file part "subject_id" does not name a bytes field/);
    const misnamed = new FormData();
    misnamed.append('photo', new Blob([photo]), 'a.jpg');
    const third = await post('/v1/analyses', misnamed);
    assert.equal(third.status, 400);
    assert.equal(third.json.message, 'file part "photo" is not a field here: send the file as the part "image"');
    const nameOnly = new FormData();
    nameOnly.append('image', 'photo.jpg');
    const fourth = await post('/v1/analyses', nameOnly);
    assert.equal(fourth.status, 400);
    assert.equal(fourth.json.message, 'form field "image" is text, not a file: attach the file itself (with curl: -F image=@photo.jpg)');
  });

  it('refuse two files for one field instead of analysing one of them', async () => {
    const twice = new FormData();
    twice.append('image', new Blob([photo]), 'a.jpg');
    twice.append('image', new Blob([photo.subarray(1)]), 'b.jpg');
    const { status, json } = await post('/v1/analyses', twice);
    assert.equal(status, 400);
    assert.equal(json.message, 'the form has more than one "image" part: send one file per field');
  });
});

describe('raw image bodies', () => {
  it('fill the route’s one bytes field, other fields from the query string', async () => {
    const { status, json } = await post('/v1/analyses?persist=true', photo, { 'content-type': 'image/jpeg' });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.id, `bytes-${photo.length}`);
    assert.equal(json.persisted, true);
  });

  it('are refused with 415 on a route without a bytes field', async () => {
    const { status } = await post('/v1/shelves/s1/books', photo, { 'content-type': 'image/jpeg' });
    assert.equal(status, 415);
  });

  it('also work as base64 in JSON', async () => {
    const { json } = await post('/v1/analyses', JSON.stringify({ image: photo.toString('base64') }), { 'content-type': 'application/json' });
    assert.equal(json.id, `bytes-${photo.length}`);
  });
});

/** Streams `total` bytes of a multipart body without Content-Length until the gateway answers. */
function streamUntilAnswered(path: string, total: number, contentType: string, preamble = '', port = new URL(stack.url('/')).port) {
  return new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } });
    request.on('response', (response: IncomingMessage) => {
      answered = true;
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, sent, body }));
    });
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    request.write(preamble);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

describe('the upload limit', () => {
  it('answers 413 as soon as a streamed multipart body passes it, without reading the rest', async () => {
    const boundary = 'shine-boundary';
    const preamble = `--${boundary}\r\ncontent-disposition: form-data; name="image"; filename="big.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`;
    const total = 256 * 1024 * 1024;
    const { status, sent, body } = await streamUntilAnswered('/v1/analyses', total, `multipart/form-data; boundary=${boundary}`, preamble);
    assert.equal(status, 413, body);
    assert.equal(JSON.parse(body).details[0].reason, 'PAYLOAD_TOO_LARGE');
    // The upload limit itself, not the limit plus the room left for multipart framing.
    assert.equal(JSON.parse(body).message, 'the request body is larger than the limit of 1 MiB (1048576 bytes)');
    assert.ok(sent < 32 * 1024 * 1024, `the client could push only socket buffers past the 1 MiB limit, pushed ${sent} of ${total}`);
  });

  it('answers 413 for a streamed raw image too', async () => {
    const { status, sent } = await streamUntilAnswered('/v1/analyses', 256 * 1024 * 1024, 'image/jpeg');
    assert.equal(status, 413);
    assert.ok(sent < 32 * 1024 * 1024);
  });

  it('answers 413 from the declared Content-Length before any byte of the body, naming the upload limit', async () => {
    for (const contentType of ['image/jpeg', 'multipart/form-data; boundary=b']) {
      const { status, message } = await new Promise<{ status: number; message: string }>((resolve, reject) => {
        const request = httpRequest({
          host: '127.0.0.1',
          port: new URL(stack.url('/')).port,
          path: '/v1/analyses',
          method: 'POST',
          headers: { 'content-type': contentType, 'content-length': String(50 * 1024 * 1024) },
        });
        request.on('response', (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, message: (JSON.parse(body) as { message: string }).message });
            request.destroy();
          });
        });
        request.on('error', reject);
        request.flushHeaders();
      });
      assert.equal(status, 413, contentType);
      assert.equal(message, 'the request body is larger than the limit of 1 MiB (1048576 bytes)', contentType);
    }
  });

  it('refuses an oversize upload that expects 100-continue before the client sends it, and continues a fitting one', async () => {
    const send = (length: number) =>
      new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
        let continued = false;
        const request = httpRequest({
          host: '127.0.0.1',
          port: new URL(stack.url('/')).port,
          path: '/v1/analyses',
          method: 'POST',
          headers: { 'content-type': 'image/jpeg', 'content-length': String(length), expect: '100-continue' },
        });
        request.on('continue', () => {
          continued = true;
          request.end(Buffer.alloc(length));
        });
        request.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, continued }));
          if (!continued) request.destroy();
        });
        request.on('error', reject);
        request.flushHeaders();
      });
    assert.deepEqual(await send(8 * 1024 * 1024), { status: 413, continued: false });
    assert.deepEqual(await send(1000), { status: 200, continued: true });
  });

  it('leaves the gateway serving afterwards', async () => {
    assert.equal((await fetch(stack.url('/v1/shelves/s1'))).status, 200);
  });
});

describe('a slow upload', () => {
  it('does not spend the upstream deadline: the clock starts once the body is in', async () => {
    const tight = await startTestStack({ timeouts: { unaryMs: 300, streamMs: 5_000, maxMs: 60_000, perMethodMs: new Map() } });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(tight.url('/v1/shelves/s1/covers'));
        const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'image/png' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.write(Buffer.alloc(1000));
        // Half the body now, the rest well after the route's 300 ms default has gone by.
        setTimeout(() => request.end(Buffer.alloc(1000)), 800);
      });
      assert.equal(status, 200);
    } finally {
      await tight.close();
    }
  });
});

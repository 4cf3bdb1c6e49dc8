import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';
import { hs256Token } from './test-fixtures/tokens.ts';

let stack: TestStack;
/** A second gateway with 50 ms heartbeats, so the exact framings above see none. */
let beating: TestStack;
before(async () => {
  stack = await startTestStack();
  beating = await startTestStack({ heartbeatMs: 50 });
});
after(async () => {
  await stack.close();
  await beating.close();
});

const sse = { accept: 'text/event-stream' };

async function read(path: string, headers: Record<string, string> = {}, on: TestStack = stack) {
  const response = await fetch(on.url(path), { headers });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe('server streaming as server-sent events', () => {
  it('sends each message as an event with an id, then an end event', async () => {
    const { status, contentType, text } = await read('/v1/ticks?count=3', sse);
    assert.equal(status, 200);
    assert.equal(contentType, 'text/event-stream; charset=utf-8');
    assert.equal(text, 'id: 1\ndata: {"sequence":"1"}\n\nid: 2\ndata: {"sequence":"2"}\n\nid: 3\ndata: {"sequence":"3"}\n\nevent: end\ndata: {}\n\n');
  });

  it('ends a stream that fails after it started with an error event carrying a google.rpc.Status', async () => {
    const { status, text } = await read('/v1/ticks?count=2&failCode=14', sse);
    assert.equal(status, 200);
    const events = text.split('\n\n').filter(Boolean);
    assert.equal(events.length, 3);
    const [name, data] = events[2]!.split('\n');
    assert.equal(name, 'event: error');
    const error = JSON.parse(data!.slice('data: '.length));
    assert.equal(error.code, 14);
    assert.equal(error.message, 'the ticks ran out');
    assert.equal(error.details[0].reason, 'TICKS_FAILED');
  });

  it('answers a stream refused before its first message with a plain HTTP error', async () => {
    const { status, contentType, text } = await read('/v1/ticks?count=0&failCode=5', sse);
    assert.equal(status, 404);
    assert.equal(contentType, 'application/json');
    assert.equal(JSON.parse(text).code, 5);
  });

  it('sends heartbeat comments while the upstream is quiet', async () => {
    const { status, text } = await read('/v1/ticks?count=1&initialDelayMs=300', sse, beating);
    assert.equal(status, 200);
    assert.match(text, /^(: heartbeat\n\n)+id: 1\ndata: \{"sequence":"1"\}\n\nevent: end/);
  });

  it('ends with a deadline error event when the grpc-timeout passes mid-stream', async () => {
    const { text } = await read('/v1/ticks?count=100&intervalMs=100', { ...sse, 'grpc-timeout': '250m' });
    assert.match(text, /event: error\ndata: \{"code":4,/);
  });

  it('unwraps response_body and cancels the gRPC call when the client goes away', async () => {
    const token = await hs256Token('s-42');
    const aborter = new AbortController();
    const response = await fetch(stack.url('/v1/subjects/s-42/recommendations:watch'), {
      headers: { ...sse, authorization: `Bearer ${token}` },
      signal: aborter.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    let text = '';
    while ((text.match(/\n\n/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    const first = JSON.parse(text.split('\n\n')[0]!.split('\n')[1]!.slice('data: '.length));
    assert.equal(first.subjectId, 's-42');
    assert.equal(first.revision, '1');
    assert.equal(first.state, 'RECOMMENDATIONS_STATE_READY');
    assert.equal(stack.probe.cancelled, 0);
    aborter.abort();
    for (let attempt = 0; attempt < 100 && stack.probe.cancelled === 0; attempt++) await sleep(20);
    assert.equal(stack.probe.cancelled, 1, 'the upstream stream saw the cancellation');
  });
});

describe('server streaming as newline-delimited JSON', () => {
  it('frames messages as {"result": …} lines and a late failure as an {"error": …} line', async () => {
    const ok = await read('/v1/ticks?count=2');
    assert.equal(ok.contentType, 'application/x-ndjson; charset=utf-8');
    assert.equal(ok.text, '{"result":{"sequence":"1"}}\n{"result":{"sequence":"2"}}\n');
    const failed = await read('/v1/ticks?count=1&failCode=10', { accept: 'application/x-ndjson' });
    const lines = failed.text.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines[0], { result: { sequence: '1' } });
    assert.equal(lines[1].error.code, 10);
    assert.equal(lines[1].error.details[0].reason, 'TICKS_FAILED');
  });

  it('sends empty lines as heartbeats', async () => {
    const { text } = await read('/v1/ticks?count=1&initialDelayMs=200', {}, beating);
    // A heartbeat may also fall between the last message and the stream's end on a busy machine.
    assert.match(text, /^\n+\{"result":\{"sequence":"1"\}\}\n+$/);
  });
});

describe('a gateway shutting down', () => {
  it('ends open streams with an UNAVAILABLE error event, so clients reconnect elsewhere', async () => {
    const stopping = await startTestStack();
    const response = await fetch(stopping.url('/v1/ticks?count=1000&intervalMs=50'), { headers: sse });
    const reader = response.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    stopping.gateway.endStreams();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    assert.match(text, /event: error\ndata: \{"code":14,"message":"the gateway is restarting: reconnect"/);
    await stopping.close();
  });
});

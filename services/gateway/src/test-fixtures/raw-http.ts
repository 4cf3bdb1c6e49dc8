// HTTP/1.1 written byte by byte on a plain socket: for requests no well-behaved client would send
// (raw 0xFF in a path, a negative Content-Length, a header line without a colon, a body trickled
// a byte at a time), and for reading exactly what the server answered to them.
import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case; the last value wins. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Milliseconds from connecting to the end of the answer (or the connection's close). */
  readonly elapsedMs: number;
}

export interface RawRequestOptions {
  /** Bytes sent after the head, all at once, or as the `trickle` says. */
  body?: Buffer;
  /** Sends the body `bytes` at a time, `everyMs` apart, until it is sent or the server answers. */
  trickle?: { bytes: number; everyMs: number };
  /** Gives up (rejects) when no whole answer came within this time. */
  timeoutMs?: number;
}

/** Sends `head` (request line and headers, CRLF-separated, ending with an empty line) and reads one answer. */
export function rawRequest(origin: string, head: string | Buffer, options: RawRequestOptions = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    let trickleTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const timeout = setTimeout(() => finish(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)), options.timeoutMs ?? 30_000);
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      clearInterval(trickleTimer);
      socket.destroy();
      if (error) return reject(error);
      const answer = parseAnswer(Buffer.concat(received), performance.now() - started);
      if (answer) resolve(answer);
      else reject(new Error(`the connection closed without an answer (${Buffer.concat(received).length} bytes received)`));
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      if (complete(Buffer.concat(received))) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // A reset after a refusal (the server closing a half-sent upload) still leaves its answer to read.
    socket.on('error', () => finish());
    socket.on('connect', () => {
      socket.write(head);
      const body = options.body;
      if (!body) return;
      if (!options.trickle) {
        socket.write(body);
        return;
      }
      let sent = 0;
      const { bytes, everyMs } = options.trickle;
      trickleTimer = setInterval(() => {
        if (sent >= body.length || socket.destroyed) return clearInterval(trickleTimer);
        socket.write(body.subarray(sent, sent + bytes));
        sent += bytes;
      }, everyMs);
    });
  });
}

const headEnd = (bytes: Buffer) => bytes.indexOf('\r\n\r\n');

function complete(bytes: Buffer): boolean {
  const end = headEnd(bytes);
  if (end < 0) return false;
  const answer = parseAnswer(bytes, 0);
  if (!answer) return false;
  const length = answer.headers['content-length'];
  if (length !== undefined) return answer.body.length >= Number(length);
  if (answer.headers['transfer-encoding'] === 'chunked') return bytes.subarray(end).includes('\r\n0\r\n\r\n');
  // Neither: the body runs to the connection's close.
  return false;
}

function parseAnswer(bytes: Buffer, elapsedMs: number): RawAnswer | undefined {
  const end = headEnd(bytes);
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body, elapsedMs };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

import { Agent, request } from 'node:http';

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/**
 * Keep-alive connections with no cap: an open loop must never queue in its own client, or the
 * queueing it is there to show would happen here instead of in Shine.
 */
export function createHttpSender(origin: string): { send(call: HttpCall, signal: AbortSignal): Promise<number>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  const send = (call: HttpCall, signal: AbortSignal) =>
    new Promise<number>((resolve, reject) => {
      const headers = { ...call.headers, ...(call.body ? { 'content-length': String(call.body.length) } : {}) };
      const outgoing = request(new URL(call.path, origin), { method: call.method, headers, agent, signal }, (response) => {
        // The whole answer is read: a latency ends when the visitor has it all.
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      });
      outgoing.on('error', reject);
      outgoing.end(call.body);
    });
  return { send, close: () => agent.destroy() };
}

/** A multipart/form-data body of text fields and one file part, as a browser's form sends it. */
export function multipartBody(fields: Readonly<Record<string, string>>, file: { field: string; name: string; type: string; bytes: Buffer }): { contentType: string; body: Buffer } {
  const boundary = `----shine-bench-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

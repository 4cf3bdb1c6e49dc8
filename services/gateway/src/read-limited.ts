import type { IncomingMessage } from 'node:http';
import { Code, ShineError } from '@shine/platform';

export const payloadTooLarge = (limit: number) =>
  new ShineError(Code.RESOURCE_EXHAUSTED, `the request body is larger than the limit of ${sizeText(limit)}`, { reason: 'PAYLOAD_TOO_LARGE' });

/** "15 MiB (15728640 bytes)": the unit a person thinks in, and the exact number. */
function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

/**
 * Refuses a body whose declared Content-Length is over `allowed` before reading a byte of it; the
 * message names `limit` (the upload limit, when `allowed` adds room for multipart framing).
 */
export function checkDeclaredLength(request: IncomingMessage, allowed: number, limit = allowed): void {
  const declared = Number(request.headers['content-length']);
  if (declared > allowed) throw payloadTooLarge(limit);
}

/**
 * Reads a whole body into memory, failing with PAYLOAD_TOO_LARGE as soon as it passes the limit.
 * The rest is left unread: the caller answers 413 and the connection is closed. `beforeReading`
 * runs once the declared length passed (to send 100 Continue).
 */
export function readLimited(request: IncomingMessage, limit: number, beforeReading: () => void = () => {}): Promise<Buffer> {
  checkDeclaredLength(request, limit);
  beforeReading();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        request.pause();
        reject(payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(clientGone(error));
    };
    const onClose = () => {
      if (!request.complete) onError(new Error('the connection closed mid-body'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** The client closed the connection while sending: nobody will read the answer. */
export function clientGone(cause: unknown): ShineError {
  return new ShineError(Code.CANCELLED, 'the client closed the connection before sending the whole request', { cause });
}

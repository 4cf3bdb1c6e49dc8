import type { IncomingMessage } from 'node:http';
import { Code, ShineError } from '@shine/platform';
import { watchBodyPace, type BodyPace } from './body-pace.ts';

/** PAYLOAD_TOO_LARGE naming the limit; `what` says which limit when a route has its own ("a JSON body on this route"). */
export const payloadTooLarge = (limit: number, what = 'the request body') =>
  new ShineError(Code.RESOURCE_EXHAUSTED, `${what} is larger than the limit of ${sizeText(limit)}`, { reason: 'PAYLOAD_TOO_LARGE' });

/** "15 MiB (15728640 bytes)" or "64 KiB (65536 bytes)": the unit a person thinks in, and the exact number. */
function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB (${bytes} bytes)`;
  const kib = bytes / 1024;
  return kib >= 1 ? `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB (${bytes} bytes)` : `${bytes} bytes`;
}

export interface ReadOptions {
  /** The most bytes the body may have. */
  limit: number;
  /** How the limit is named when it is passed. */
  limitWhat?: string;
  /** How fast the body must keep coming. */
  pace: BodyPace;
  /** Runs once the declared length passed, before the first byte is read (to send 100 Continue). */
  beforeReading?: () => void;
}

/**
 * Refuses a body whose declared Content-Length is over `allowed` before reading a byte of it; the
 * message names `limit` (the upload limit, when `allowed` adds room for multipart framing).
 */
export function checkDeclaredLength(request: IncomingMessage, allowed: number, limit = allowed, what?: string): void {
  const declared = Number(request.headers['content-length']);
  if (declared > allowed) throw payloadTooLarge(limit, what);
}

/**
 * Reads a whole body into memory, failing with PAYLOAD_TOO_LARGE as soon as it passes the limit,
 * and with BODY_TOO_SLOW when it stops keeping pace. The rest is left unread: the caller answers
 * and the connection is closed.
 */
export function readLimited(request: IncomingMessage, options: ReadOptions): Promise<Buffer> {
  const { limit, limitWhat } = options;
  checkDeclaredLength(request, limit, limit, limitWhat);
  options.beforeReading?.();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stopWatching = watchBodyPace(options.pace, () => total, (error) => {
      cleanup();
      request.pause();
      reject(error);
    });
    const cleanup = () => {
      stopWatching();
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
        reject(payloadTooLarge(limit, limitWhat));
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

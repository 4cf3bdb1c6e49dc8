import type { IncomingMessage } from 'node:http';
import { Code, quoteInput, ShineError } from '@shine/platform';
import { readMultipart } from './multipart.ts';
import type { BodyPace } from './body-pace.ts';
import { readLimited } from './read-limited.ts';
import type { RpcRoute } from './rpc-route.ts';
import type { RequestBody } from './transcode-request.ts';
import { parseJson } from './json-text.ts';

export interface BodyLimits {
  /** Largest upload (multipart file or raw image) in bytes. */
  uploadBytes: number;
  /** Largest JSON body on a route that takes an upload: room for it in base64 (4/3 larger). */
  uploadJsonBytes: number;
  /** Largest JSON body on any other route: its message is a few fields, never megabytes. */
  jsonBytes: number;
  /** How fast any body must keep arriving. */
  pace: BodyPace;
}

export function bodyLimits(settings: { maxUploadBytes: number; maxJsonBytes: number; pace: BodyPace }): BodyLimits {
  const { maxUploadBytes, maxJsonBytes, pace } = settings;
  return { uploadBytes: maxUploadBytes, uploadJsonBytes: Math.ceil((maxUploadBytes * 4) / 3) + maxJsonBytes, jsonBytes: maxJsonBytes, pace };
}

const unsupported = (message: string) => new ShineError(Code.INVALID_ARGUMENT, message, { reason: 'UNSUPPORTED_MEDIA_TYPE' });

/** What a request without a body (or on a route that takes none) carries: one shared value. */
export const emptyBody: RequestBody = Object.freeze({ kind: 'empty' });

/** True when there is no body to read: the route takes none, or the request sent none. */
export function bodyless(request: IncomingMessage, route: RpcRoute): boolean {
  return route.body.kind === 'none' || !hasBody(request);
}

/**
 * Reads the body a route takes, by Content-Type: JSON, multipart/form-data, or a raw image.
 * `acceptBody` runs once the request is known to be acceptable, before the first byte is read.
 */
export async function readBody(request: IncomingMessage, route: RpcRoute, limits: BodyLimits, acceptBody: () => void = () => {}): Promise<RequestBody> {
  if (bodyless(request, route)) return emptyBody;
  // Compressed bodies are not inflated here (a gzip bomb would be inflated past every limit first).
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw unsupported(`Content-Encoding ${quoteInput(encoding)} is not accepted: send the body uncompressed (photos are compressed already)`);
  }
  const contentType = request.headers['content-type'] ?? 'application/json';
  const mediaType = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    const takesUpload = route.uploadFields.length > 0;
    const limit = takesUpload ? limits.uploadJsonBytes : limits.jsonBytes;
    const limitWhat = takesUpload ? 'the JSON body' : 'the JSON body of this route (MAX_JSON_BODY_BYTES)';
    const text = (await readLimited(request, { limit, limitWhat, pace: limits.pace, beforeReading: acceptBody })).toString('utf8');
    if (text.trim() === '') return emptyBody;
    try {
      return { kind: 'json', value: parseJson(text) };
    } catch (error) {
      throw new ShineError(Code.INVALID_ARGUMENT, `the request body is not valid JSON: ${(error as Error).message}`, { reason: 'INVALID_BODY' });
    }
  }
  if (mediaType === 'multipart/form-data') {
    if (route.uploadFields.length === 0 && route.body.kind === 'field' && route.body.field.fieldKind !== 'message') {
      throw unsupported('this route takes a JSON body, not multipart/form-data');
    }
    const form = await readMultipart(request, limits.uploadBytes, limits.pace, acceptBody);
    return { kind: 'form', fields: form.fields, files: form.files };
  }
  if (mediaType.startsWith('image/') || mediaType === 'application/octet-stream') {
    if (route.uploadFields.length !== 1) throw unsupported(`this route takes no raw ${mediaType} body: send JSON`);
    return { kind: 'raw', bytes: await readLimited(request, { limit: limits.uploadBytes, pace: limits.pace, beforeReading: acceptBody }) };
  }
  throw unsupported(
    `unsupported Content-Type "${mediaType}": send application/json${route.uploadFields.length > 0 ? ', multipart/form-data or image/*' : ''}`,
  );
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return length === undefined ? request.headers['transfer-encoding'] !== undefined : length !== '0';
}

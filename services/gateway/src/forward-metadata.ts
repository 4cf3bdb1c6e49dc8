import type { IncomingMessage, ServerResponse } from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import { Code, ShineError, subjectMetadataKey } from '@shine/platform';
import type { MetadataPairs } from './upstream-channel/metadata-pairs.ts';

/**
 * Keys a client may not send as `Grpc-Metadata-*`: `shine-*` is the gateway's own (a client sending
 * it would be impersonating it), `x-forwarded-*` and the ids and trace context are the gateway's to
 * set, credentials it consumed stay with it, the rest are transport.
 */
const reservedPrefixes = ['shine-', 'grpc-', ':', 'x-forwarded-'];
const reservedKeys = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-request-id',
  'traceparent',
  'tracestate',
  'baggage',
  'host',
  'content-type',
  'content-length',
  'user-agent',
  'te',
  'connection',
  'transfer-encoding',
  'upgrade',
]);
// What gRPC allows in metadata: lower-case keys of these characters, printable ASCII values.
const legalKey = /^[0-9a-z_.-]+$/;
const legalValue = /^[ -~]*$/;

/** Headers copied as they are: tracing (the telemetry preload may replace them with its own span), locale. */
const passedHeaders = ['traceparent', 'tracestate', 'baggage', 'accept-language'] as const;

/** Upstream response metadata that is transport, not content, and never becomes an HTTP header. */
const transportKeys = new Set(['content-type', 'date', 'user-agent', 'te', 'trailer', 'transfer-encoding', 'connection']);

export interface ForwardContext {
  requestId: string;
  /** The verified token's subject, or undefined for a guest. */
  subject: string | undefined;
}

/**
 * The gRPC metadata for an upstream call. Never forwarded: Authorization and cookies (the gateway
 * consumed them), hop-by-hop headers, and any client-sent `shine-*` key. A client may send its
 * own metadata as `Grpc-Metadata-<key>` headers, as grpc-gateway allows.
 */
export function forwardedMetadata(request: IncomingMessage, context: ForwardContext): MetadataPairs {
  const headers = request.headers;
  const metadata: MetadataPairs = ['x-request-id', context.requestId];
  // Passed as they are when gRPC can carry them (a trace context or language tag with other bytes is no use anyway).
  for (const name of passedHeaders) {
    const value = headers[name];
    if (typeof value === 'string' && legalValue.test(value)) metadata.push(name, value);
  }
  const forwardedFor = headers['x-forwarded-for'];
  const chain = typeof forwardedFor === 'string' && legalValue.test(forwardedFor) ? `${forwardedFor}, ` : '';
  // As every proxy does, the gateway appends the address the request came to it from.
  metadata.push('x-forwarded-for', `${chain}${request.socket.remoteAddress ?? 'unknown'}`);
  const userAgent = headers['user-agent'];
  // Phones put device names in their user agents: bytes gRPC cannot carry are percent-encoded.
  if (userAgent) metadata.push('x-forwarded-user-agent', legalValue.test(userAgent) ? userAgent : percentEncoded(userAgent));
  if (context.subject !== undefined) {
    // As grpc-js's Metadata refuses it: a subject gRPC cannot carry is the gateway's fault, not the client's.
    if (!legalValue.test(context.subject)) throw new Error(`Metadata string value "${context.subject}" contains illegal characters`);
    metadata.push(subjectMetadataKey, context.subject);
  }

  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const header = raw[index]!;
    if (header.length <= grpcMetadataPrefix.length) continue;
    const name = header.toLowerCase();
    if (!name.startsWith(grpcMetadataPrefix)) continue;
    const key = name.slice(grpcMetadataPrefix.length);
    if (reservedKeys.has(key) || reservedPrefixes.some((prefix) => key.startsWith(prefix))) continue;
    if (!legalKey.test(key)) throw badMetadata(`header ${header}: a gRPC metadata key may hold only letters, digits, "-", "_" and "."`);
    const value = raw[index + 1]!;
    // Decoded and encoded again, as grpc-js's Metadata did: what goes upstream is canonical base64.
    if (key.endsWith('-bin')) metadata.push(key, Buffer.from(value, 'base64').toString('base64'));
    else if (legalValue.test(value)) metadata.push(key, value);
    else throw badMetadata(`header ${header}: gRPC metadata values are printable ASCII; send other bytes base64-encoded as ${header}-Bin`);
  }
  return metadata;
}

const grpcMetadataPrefix = 'grpc-metadata-';

const badMetadata = (message: string) => new ShineError(Code.INVALID_ARGUMENT, message, { reason: 'INVALID_METADATA' });

/** A header value (as Node reads it, one latin1 character per byte) with bytes outside printable ASCII as %XX. */
function percentEncoded(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'latin1')) encoded += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return encoded;
}

/**
 * Upstream response metadata as `Grpc-Metadata-<key>` headers, as grpc-gateway returns it: from
 * grpc-js's Metadata (streams) or the raw HTTP/2 response headers (unary calls). Binary (`-bin`)
 * values are not forwarded.
 */
export function forwardResponseMetadata(metadata: Metadata | Readonly<Record<string, unknown>>, response: ServerResponse): void {
  const entries: Readonly<Record<string, unknown>> = metadata instanceof Metadata ? metadata.getMap() : metadata;
  for (const key in entries) {
    const value = entries[key];
    if (typeof value !== 'string' || key.startsWith(':') || key.endsWith('-bin') || key.startsWith('grpc-') || transportKeys.has(key)) continue;
    response.setHeader(`grpc-metadata-${key}`, value);
  }
}

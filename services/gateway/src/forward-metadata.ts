import type { IncomingMessage, ServerResponse } from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import { subjectMetadataKey } from '@shine/platform';

/** Keys a client may not send: `shine-*` is the gateway's own (a client sending it would be impersonating it), the rest are transport. */
const reservedPrefixes = ['shine-', 'grpc-', ':'];

/** Headers copied as they are: tracing (the telemetry preload may replace them with its own span), ids, locale. */
const passedHeaders = ['x-request-id', 'traceparent', 'tracestate', 'baggage', 'accept-language'] as const;

/** Upstream response metadata that is transport, not content, and never becomes an HTTP header. */
const transportKeys = new Set(['content-type', 'date', 'user-agent', 'te', 'trailer', 'transfer-encoding', 'connection']);

export interface ForwardContext {
  requestId: string;
  /** The verified token's subject, or undefined for a guest. */
  subject: string | undefined;
  clientAddress: string;
}

/**
 * The gRPC metadata for an upstream call. Never forwarded: Authorization and cookies (the gateway
 * consumed them), hop-by-hop headers, and any client-sent `shine-*` key. A client may send its
 * own metadata as `Grpc-Metadata-<key>` headers, as grpc-gateway allows.
 */
export function forwardedMetadata(request: IncomingMessage, context: ForwardContext): Metadata {
  const metadata = new Metadata();
  const headers = request.headers;
  for (const name of passedHeaders) {
    const value = headers[name];
    if (typeof value === 'string') metadata.set(name, value);
  }
  metadata.set('x-request-id', context.requestId);
  const forwardedFor = headers['x-forwarded-for'];
  metadata.set('x-forwarded-for', typeof forwardedFor === 'string' ? `${forwardedFor}, ${context.clientAddress}` : context.clientAddress);
  const userAgent = headers['user-agent'];
  if (userAgent) metadata.set('x-forwarded-user-agent', userAgent);
  if (context.subject !== undefined) metadata.set(subjectMetadataKey, context.subject);

  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    if (!name.startsWith('grpc-metadata-')) continue;
    const key = name.slice('grpc-metadata-'.length);
    if (key === '' || reservedPrefixes.some((prefix) => key.startsWith(prefix))) continue;
    const value = raw[index + 1]!;
    if (key.endsWith('-bin')) metadata.add(key, Buffer.from(value, 'base64'));
    else metadata.add(key, value);
  }
  return metadata;
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

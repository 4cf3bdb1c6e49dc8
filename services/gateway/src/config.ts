import { baseConfigSchema, flag, milliseconds, port } from '@shine/platform/process';
import { z } from 'zod';

/** "host:port" or a grpc-js target ("dns:///analysis:50051"); "none" means the service is not deployed. */
const address = (fallback: string) => z.string().min(1).default(fallback);

/** A comma-separated list, blanks dropped. */
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** "AnalyzeImage=30000,shine.palette.v1.PaletteService/GetPalette=2000": per-method default timeouts. */
const methodTimeouts = z
  .string()
  .default('AnalyzeImage=30000')
  .refine((text) => text === '' || text.split(',').every((item) => /^[\w./]+=\d+$/.test(item.trim())), 'must be Method=milliseconds pairs separated by commas')
  .transform((text) => new Map(text.split(',').filter(Boolean).map((item) => item.trim().split('=') as [string, string]).map(([name, ms]) => [name, Number(ms)])));

export const maxUploadCeiling = 100 * 1024 * 1024;

export const gatewayConfigSchema = baseConfigSchema.extend({
  /** The public REST port. */
  GATEWAY_PORT: port(8080),
  /** Threads serving the public port (one per core the pod may use); they share rate limits and one /metrics. */
  GATEWAY_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  HTTP_PORT: port(9468),
  ANALYSIS_ADDRESS: address('127.0.0.1:50051'),
  PALETTE_ADDRESS: address('127.0.0.1:50052'),
  CATALOG_ADDRESS: address('127.0.0.1:50053'),
  RECOMMENDER_ADDRESS: address('127.0.0.1:50054'),
  /** Origins allowed to call from a browser, comma-separated; "*" allows any; empty allows none. */
  CORS_ALLOWED_ORIGINS: list(''),
  RATE_LIMIT_ENABLED: flag(true),
  /** Sustained requests per second per client (subject when signed in, else address). */
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),
  /** Requests a client may send at once after being idle. */
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(40),
  /** Behind one proxy that appends to X-Forwarded-For: take the client address (rate limits) from its last entry. */
  TRUST_PROXY: flag(false),
  /** JWKS URL for RS256 tokens. */
  JWT_JWKS_URL: z.url().optional(),
  /** Shared secret for HS256 tokens. */
  JWT_HS256_SECRET: z.string().min(32).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Largest upload (multipart file or raw image), up to 100 MiB. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().max(maxUploadCeiling).default(15 * 1024 * 1024),
  /** Largest JSON body on a route without an upload (shade matches): its message is a few fields. */
  MAX_JSON_BODY_BYTES: z.coerce.number().int().positive().max(16 * 1024 * 1024).default(64 * 1024),
  /** A request body slower than this over a window (BODY_PACE_WINDOW_MS) is refused with 408 (slowloris). */
  BODY_MIN_BYTES_PER_SECOND: z.coerce.number().int().positive().default(1024),
  BODY_PACE_WINDOW_MS: milliseconds(10_000),
  /** Refuse unknown query parameters and JSON/form fields with 400 (else ignore them). */
  REJECT_UNKNOWN_FIELDS: flag(true),
  /** Deadline of unary calls when the client sends no grpc-timeout. */
  DEFAULT_TIMEOUT_MS: milliseconds(10_000),
  /** Deadline of server streams (watches) when the client sends none. */
  STREAM_TIMEOUT_MS: milliseconds(30 * 60 * 1000),
  /** Ceiling on a client's grpc-timeout. */
  MAX_TIMEOUT_MS: milliseconds(60 * 60 * 1000),
  ROUTE_TIMEOUTS_MS: methodTimeouts,
  /** Interval of heartbeats on idle streams (SSE comments, empty NDJSON lines). */
  STREAM_HEARTBEAT_MS: milliseconds(15_000),
  /** Retry-After on a 429 or 503 when the upstream gives none. */
  RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(1),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

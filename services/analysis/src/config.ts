import { availableParallelism } from 'node:os';
import { eventsConfigShape } from '@shine/events';
import { baseConfigSchema, port } from '@shine/platform/config';
import { z } from 'zod';

const workersDefault = Math.max(1, availableParallelism());

/** Every setting of the analysis service; a Helm chart sets these as environment variables. */
export const analysisConfigSchema = baseConfigSchema.extend({
  GRPC_PORT: port(50051),
  HTTP_PORT: port(9464),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Inference worker threads; one per vCPU of the pod by default. */
  ANALYSIS_WORKERS: z.coerce.number().int().min(1).max(64).default(workersDefault),
  /**
   * Photos that may wait for a worker; beyond that calls get RESOURCE_EXHAUSTED at once. Four per
   * worker: eight callers at once on two workers are served (the longest wait ~0.3 s), not shed.
   */
  ANALYSIS_QUEUE_LIMIT: z.coerce.number().int().min(0).max(1000).default(workersDefault * 4),
  /** Largest accepted upload, in bytes (15 MiB). */
  MAX_IMAGE_BYTES: z.coerce.number().int().positive().default(15 * 1024 * 1024),
  /** TensorFlow.js backend: auto (tfjs-node when installed, else WASM), wasm or tensorflow. Never the pure-JS cpu backend. */
  TF_BACKEND: z.enum(['auto', 'wasm', 'tensorflow']).default('auto'),
  /** Largest accepted image, in pixels, judged from the header (decompression bombs). */
  MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  /** Published outbox events are kept this long (to see what went out), then pruned. */
  OUTBOX_RETENTION_MS: z.coerce.number().int().positive().default(24 * 3_600_000),
  ...eventsConfigShape,
});

export type AnalysisConfig = z.infer<typeof analysisConfigSchema>;

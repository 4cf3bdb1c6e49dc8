import { baseConfigSchema, flag, milliseconds, port } from '@shine/platform/config';
import { z } from 'zod';

/** Every setting of the catalog service; a Helm chart sets these as environment variables. */
export const catalogConfigSchema = baseConfigSchema.extend({
  GRPC_PORT: port(50053),
  HTTP_PORT: port(9466),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The analysis service, for MatchShades by analysis_id. */
  ANALYSIS_ADDRESS: z.string().min(1).default('127.0.0.1:50051'),
  /** Longest wait for the analysis service, within the caller's own deadline. */
  ANALYSIS_TIMEOUT_MS: milliseconds(2_000),
  /** How long ListProducts / GetProduct answers are reused, unless an import changes the catalogue first. */
  PRODUCT_CACHE_TTL_MS: milliseconds(600_000),
  PRODUCT_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(5_000),
  /** Safety net behind NOTIFY: how often the stored catalogue version is compared with the loaded one. */
  CATALOG_POLL_MS: milliseconds(30_000),
  /**
   * Load the generated seed catalogue when the catalogue is empty at start, so a fresh `npm start`
   * has products to show. Turn off in production, where an empty catalogue should stay empty.
   */
  SEED_WHEN_EMPTY: flag(true),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

import { baseConfigSchema, milliseconds, port } from '@shine/platform/config';
import { z } from 'zod';

export const paletteConfigSchema = baseConfigSchema.extend({
  GRPC_PORT: port(50052),
  HTTP_PORT: port(9465),
  /** How long a computed palette is served from memory (30 minutes, as the old system did). */
  PALETTE_CACHE_TTL_MS: milliseconds(30 * 60 * 1000),
  PALETTE_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(20_000),
});

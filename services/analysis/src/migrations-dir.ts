import { fileURLToPath } from 'node:url';

/** The SQL migrations of the analysis database, applied by `src/migrate.ts` (the chart's hook Job) and at start. */
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

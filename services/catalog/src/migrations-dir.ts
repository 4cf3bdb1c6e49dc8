import { fileURLToPath } from 'node:url';

/** The SQL migrations of the catalogue, applied at start and by `npm run migrate -w services/catalog`. */
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

import { z } from 'zod';

/** The database `npm start` creates for the catalog on its embedded PostgreSQL. */
export const LOCAL_DATABASE_URL = 'postgres://shine:shine@127.0.0.1:54329/shine_catalog';

/** Settings of the catalogue commands (import, seed, migrate). */
export const cliConfigSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default(LOCAL_DATABASE_URL),
});

/** "127.0.0.1:54329/shine_catalog": where the command writes, without the password. */
export function describeDatabase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

/** A sentence for a failure to reach PostgreSQL, which is what usually goes wrong first. */
export function explainDatabaseError(error: unknown, url: string): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') {
    return `cannot reach PostgreSQL at ${describeDatabase(url)}: start it with \`npm start\`, or set DATABASE_URL to your server`;
  }
  if (code === '3D000') return `the database ${describeDatabase(url)} does not exist: \`npm start\` creates it, or create it yourself`;
  return error instanceof Error ? error.message : String(error);
}

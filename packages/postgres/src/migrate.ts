import { runner } from 'node-pg-migrate';

export interface MigrateOptions {
  databaseUrl: string;
  /** Folder of numbered SQL files (`0001_analyses.sql` with `-- Up Migration` / `-- Down Migration`). */
  dir: string;
  log?: (message: string) => void;
  /** Where applied migrations are recorded; a package sharing a service's database keeps its own. */
  table?: string;
}

/**
 * Applies pending migrations in one transaction under node-pg-migrate's advisory lock, so replicas
 * starting together migrate once. Returns the names of the migrations applied now.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: options.dir,
    direction: 'up',
    migrationsTable: options.table ?? 'schema_migrations',
    checkOrder: true,
    singleTransaction: true,
    log: options.log ?? (() => {}),
  });
  return applied.map((migration) => migration.name);
}

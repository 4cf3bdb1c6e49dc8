export { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresOptions, type RunningPostgres } from './embedded-postgres.ts';
export { migrate, type MigrateOptions } from './migrate.ts';
export { runMigrateCommand, type MigrateCommandOptions } from './migrate-command.ts';
export { createPool, inTransaction, type Pool, type PoolClient, type PoolOptions } from './pool.ts';
export { observePool } from './pool-metrics.ts';

// `npm run migrate -w services/catalog`: applies pending catalogue migrations and says which.
import { loadConfigOrExit } from '@shine/platform';
import { migrate } from '@shine/postgres';
import { migrationsDir } from '../migrations-dir.ts';
import { cliConfigSchema, describeDatabase, explainDatabaseError } from './cli-config.ts';

const config = loadConfigOrExit('catalog:migrate', cliConfigSchema);
try {
  const applied = await migrate({ databaseUrl: config.DATABASE_URL, dir: migrationsDir });
  console.log(
    applied.length > 0
      ? `catalog:migrate: applied ${applied.join(', ')} to ${describeDatabase(config.DATABASE_URL)}`
      : `catalog:migrate: ${describeDatabase(config.DATABASE_URL)} is up to date`,
  );
} catch (error) {
  console.error(`catalog:migrate: ${explainDatabaseError(error, config.DATABASE_URL)}`);
  process.exitCode = 1;
}

import { migrate } from './migrate.ts';

export interface MigrateCommandOptions {
  /** What each printed line starts with, e.g. "analysis:migrate". */
  name: string;
  databaseUrl: string;
  /** The service's folder of SQL migrations. */
  dir: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/**
 * A service's migrate command, as the chart's migration Job runs it: applies what is pending and
 * says what it did. Returns the exit code: 1, with a sentence a person can act on, when it fails.
 */
export async function runMigrateCommand(options: MigrateCommandOptions): Promise<number> {
  const out = options.out ?? ((line) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line) => process.stderr.write(`${line}\n`));
  const where = describeDatabase(options.databaseUrl);
  try {
    const applied = await migrate({ databaseUrl: options.databaseUrl, dir: options.dir });
    out(applied.length > 0 ? `${options.name}: applied ${applied.join(', ')} to ${where}` : `${options.name}: ${where} is up to date`);
    return 0;
  } catch (error) {
    err(`${options.name}: the migrations of ${where} failed: ${explainFailure(error)}`);
    return 1;
  }
}

/** "db.example:5432/shine_analysis": where the command writes, without the password. */
function describeDatabase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

/** The usual first failures in words; anything else by its own message. */
function explainFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'cannot reach PostgreSQL (connection refused): is it running, and is the port right?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'cannot resolve the PostgreSQL host: check the host name in DATABASE_URL';
    case '3D000':
      return 'the database does not exist: create it first';
    case '28P01':
      return 'PostgreSQL refused the user name or password in DATABASE_URL';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

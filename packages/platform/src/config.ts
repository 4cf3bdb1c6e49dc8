import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { explainIssue } from './explain-issue.ts';

/** Thrown when the environment does not describe a runnable service; `main` prints it and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** A TCP port; 0 asks the OS for a free one (tests). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** The longest delay a Node timer keeps: a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration in milliseconds, as a plain positive integer a timer can wait (at most about 24.8 days). */
export const milliseconds = (fallback: number) => z.coerce.number().int().positive().max(MAX_TIMER_MS).default(fallback);

/** "true"/"false"/"1"/"0"/"yes"/"no"; z.coerce.boolean would read "false" as true. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .default(fallback);

/** Settings every service has; a service's own schema extends this one (`baseConfigSchema.extend({...})`). */
export const baseConfigSchema = z.object({
  /** Port of the gRPC server. */
  GRPC_PORT: port(50051),
  /** Address the gRPC and HTTP servers bind to. */
  BIND_HOST: z.string().min(1).default('0.0.0.0'),
  /** Port of the small HTTP side server with /metrics, /healthz and /readyz. */
  HTTP_PORT: port(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long in-flight calls may take to finish after SIGTERM before they are cut. */
  SHUTDOWN_GRACE_MS: milliseconds(10_000),
  /** Deadline applied to calls that arrive without one, so no call can run forever. */
  GRPC_DEFAULT_DEADLINE_MS: milliseconds(30_000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * Parses the environment once at start. Every wrong or missing variable is named in one message,
 * e.g. `invalid configuration: GRPC_PORT must be a number, got "abc"`. Any variable may instead be
 * read from a mounted file named by `<NAME>_FILE` (a Kubernetes secret volume), so secrets need
 * not sit in the environment.
 */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  // Empty strings mean "unset", as in most container tooling.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
  // Only for the schema's own variables: the environment may hold others that end in _FILE.
  const names = new Set(schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
  const { values: present, problems } = withMountedFiles(set, names);
  if (problems.length > 0) throw new ConfigError(problems);
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, present)));
}

/** `loadConfig` for a service's main: on a bad environment, prints the one message and exits 1. */
export function loadConfigOrExit<Schema extends z.ZodType>(service: string, schema: Schema): z.infer<Schema> {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}

/** `NAME_FILE=/path` as `NAME=<the file's text>`, one trailing newline dropped; the file's text is never printed. */
function withMountedFiles(env: Record<string, string>, names: ReadonlySet<string>): { values: Record<string, string>; problems: string[] } {
  const values = { ...env };
  const problems: string[] = [];
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE')) continue;
    const name = key.slice(0, -'_FILE'.length);
    if (!names.has(name)) continue;
    if (name in env) {
      problems.push(`${name} and ${key} are both set: give the value one way`);
      continue;
    }
    try {
      values[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
      delete values[key];
    } catch (error) {
      problems.push(`${key} names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`);
    }
  }
  return { values, problems };
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = issue.path.join('.');
  if (!(name in env)) return `${name} is required but not set`;
  return `${name} ${explainIssue(issue)}, got ${JSON.stringify(withoutSecrets(name, env[name]!))}`;
}

/**
 * A rejected value as it may be printed: a URL's password masked ("postgres://admin:***@db"), and
 * nothing at all of a variable whose name says it is a secret, so logs never carry one.
 */
function withoutSecrets(name: string, value: string): string {
  if (/SECRET|PASSWORD|TOKEN|KEY/i.test(name)) return `<${value.length} characters, not shown>`;
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

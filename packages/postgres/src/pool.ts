import pg from 'pg';

export type { Pool, PoolClient } from 'pg';

export interface PoolOptions {
  connectionString: string;
  applicationName: string;
  max?: number;
  /**
   * Longest a statement may run (default 30 s): a query still running after its caller's deadline
   * would otherwise hold a pooled connection for as long as it takes.
   */
  statementTimeoutMs?: number;
  /** Called for errors on idle clients (a restarted server), which pg would otherwise throw. */
  onIdleError: (error: Error) => void;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
  });
  pool.on('error', options.onIdleError);
  return pool;
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. A
 * connection lost while `work` awaits something else (a server restarted during a Kafka publish)
 * fails the transaction with that connection error, which callers map to UNAVAILABLE. `begin` is
 * the statement that opens it (an isolation level, READ ONLY).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, options: { begin?: string } = {}): Promise<T> {
  const client = await pool.connect();
  // The pool stops watching a client it lends out: between two queries a lost connection is
  // emitted here, and an 'error' nobody listens to would end the process.
  let lost: Error | undefined;
  const onLost = (error: Error) => void (lost ??= error);
  client.on('error', onLost);
  // A connection whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
  let broken: Error | undefined;
  try {
    await client.query(options.begin ?? 'BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    // After a lost connection pg only says "not queryable": the loss itself is what happened.
    throw lost ?? error;
  } finally {
    client.off('error', onLost);
    client.release(lost ?? broken);
  }
}

import type { Logger } from '@shine/platform';
import pg from 'pg';
import { CATALOG_CHANGED_CHANNEL } from '../import/import-catalog.ts';

export interface CatalogChangeListener {
  close(): Promise<void>;
}

export interface ListenOptions {
  connectionString: string;
  /**
   * Called with the new version on NOTIFY catalog_changed, and with undefined after (re)connecting,
   * when notifications may have been missed and the stored version must be read.
   */
  onChange: (version: number | undefined) => void;
  logger: Logger;
  /** First delay before reconnecting after the connection is lost; doubles up to 30 s. */
  reconnectDelayMs?: number;
}

const MAX_RECONNECT_DELAY_MS = 30_000;

/** Holds one connection that LISTENs for imports, so every replica drops its caches when one commits. */
export function listenForCatalogChanges(options: ListenOptions): CatalogChangeListener {
  const firstDelay = options.reconnectDelayMs ?? 1_000;
  let delay = firstDelay;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const connect = async () => {
    const next = new pg.Client({ connectionString: options.connectionString, application_name: 'catalog-listener', keepAlive: true });
    next.on('notification', (message) => {
      const version = Number(message.payload);
      options.onChange(Number.isSafeInteger(version) ? version : undefined);
    });
    next.on('error', (error) => {
      options.logger.warn({ err: error }, 'the catalog change listener lost its connection; reconnecting');
      retry(next);
    });
    next.on('end', () => retry(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${CATALOG_CHANGED_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      delay = firstDelay;
      options.onChange(undefined);
    } catch (error) {
      options.logger.warn({ err: error, retry_in_ms: delay }, 'could not listen for catalog changes; retrying');
      retry(next);
    }
  };

  const retry = (failed: pg.Client) => {
    if (closed || timer || (client !== undefined && client !== failed)) return;
    client = undefined;
    failed.end().catch(() => {});
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
  };

  void connect();
  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}

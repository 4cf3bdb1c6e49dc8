import { context, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type { recommenderV1 } from '@shine/contracts';
import pg from 'pg';
import { readChangeNotice } from '../store/change-notice.ts';
import { CHANGES_CHANNEL, type RecommendationStore } from '../store/recommendation-store.ts';

/**
 * What a watcher is told: the subject's new recommendations (with the trace of the event that
 * made them), that they were erased, or that this replica is stopping.
 */
export type Change =
  | { readonly kind: 'updated'; readonly recommendations: recommenderV1.Recommendations; readonly origin: Context }
  | { readonly kind: 'erased' }
  | { readonly kind: 'closing' };

export interface WatchHub {
  /** Calls `listener` on each change of the subject's recommendations until the returned function is called. */
  watch(subjectId: string, listener: (change: Change) => void): () => void;
  /** Streams open now, for the metrics. */
  readonly watchers: number;
  close(): Promise<void>;
}

/**
 * Tells watchers of a subject about each change, whichever replica's consumer stored it: every
 * replica LISTENs on the database's change channel and reads the subject's set again when told.
 */
export async function startWatchHub(connectionString: string, store: RecommendationStore, log: (message: string, error: unknown) => void): Promise<WatchHub> {
  const listeners = new Map<string, Set<(change: Change) => void>>();
  let client: pg.Client | undefined;
  let closed = false;

  const notify = async (subjectId: string, origin: Context = ROOT_CONTEXT) => {
    const watching = listeners.get(subjectId);
    if (!watching) return;
    // Read in the change's trace: the push to the watcher is the last hop of the upload's trace.
    const recommendations = await context.with(origin, () => store.get(subjectId));
    const change: Change = recommendations ? { kind: 'updated', recommendations, origin } : { kind: 'erased' };
    for (const listener of watching) listener(change);
  };

  // A lost connection is reopened (with backoff); changes in between are not replayed, so each
  // watcher is sent its subject's current set again when the hub is back.
  const connect = async (attempt = 0): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString, application_name: 'shine-recommender watch' });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      log('the recommendations change feed could not connect; trying again', error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** attempt)));
      return connect(attempt + 1);
    }
    next.on('notification', (message) => {
      const notice = readChangeNotice(message.payload ?? '');
      void notify(notice.subjectId, notice.origin).catch((error: unknown) => log('a watcher could not be told of a change', error));
    });
    next.on('error', (error) => {
      log('the recommendations change feed lost its connection', error);
      void next.end().catch(() => undefined);
      if (client === next) void connect().then(() => Promise.all([...listeners.keys()].map((subjectId) => notify(subjectId))));
    });
    client = next;
  };
  await connect();

  return {
    watch: (subjectId, listener) => {
      let watching = listeners.get(subjectId);
      if (!watching) listeners.set(subjectId, (watching = new Set()));
      watching.add(listener);
      return () => {
        watching.delete(listener);
        if (watching.size === 0) listeners.delete(subjectId);
      };
    },
    get watchers() {
      let count = 0;
      for (const watching of listeners.values()) count += watching.size;
      return count;
    },
    close: async () => {
      closed = true;
      for (const [, watching] of listeners) for (const listener of watching) listener({ kind: 'closing' });
      listeners.clear();
      await client?.end().catch(() => undefined);
    },
  };
}

import type { ReceivedEvent } from './event-transport.ts';

export interface KeyOrderedOutcome {
  /** The offset up to which every event was handled (what may be committed); undefined for none. */
  readonly handledThrough: string | undefined;
  /** The first handler failure, when there was one: nothing after its event in its partition counts as handled. */
  readonly failed: Error | undefined;
}

/**
 * Handles one partition's batch with each key's events in order and different keys at once, up to
 * `maxKeysAtOnce`: a subject's events never overtake each other, and the other subjects need not
 * wait for it (so a consumer's writes arrive together and share commits). `shouldStop` is asked
 * before each event; after a failure no key starts another event.
 */
export async function handleKeyOrdered(
  events: readonly ReceivedEvent[],
  handle: (event: ReceivedEvent) => Promise<void>,
  shouldStop: () => boolean,
  maxKeysAtOnce = 64,
): Promise<KeyOrderedOutcome> {
  const lanes = new Map<string, ReceivedEvent[]>();
  for (const event of events) lanes.set(event.key, [...(lanes.get(event.key) ?? []), event]);
  const done = new Set<string>();
  let failed: Error | undefined;
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const event of lane) {
        if (failed || shouldStop()) return;
        try {
          await handle(event);
          done.add(event.offset);
        } catch (error) {
          failed ??= error instanceof Error ? error : new Error(String(error));
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxKeysAtOnce, queue.length) }, worker));
  // Committed only through the first event not handled: one left behind is delivered again.
  let handledThrough: string | undefined;
  for (const event of events) {
    if (!done.has(event.offset)) break;
    handledThrough = event.offset;
  }
  return { handledThrough, failed };
}

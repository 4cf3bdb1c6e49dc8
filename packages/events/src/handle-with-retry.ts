import { setTimeout as sleep } from 'node:timers/promises';
import { DEAD_LETTER_REASON_HEADER, DEAD_LETTER_SOURCE_HEADER } from './event-headers.ts';
import type { EventTransport, HandlerContext, ReceivedEvent } from './event-transport.ts';
import { deadLetterTopicOf } from './topics.ts';

/**
 * Thrown by a handler for an event that can never be handled (undecodable, an unknown type, invalid):
 * it goes to the dead-letter topic with `reason`, and the partition moves on.
 */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

export interface RetryPolicy {
  readonly initialDelayMs: number;
  /** Backoff doubles up to this and stays there: a dependency down for an hour is retried every maxDelayMs. */
  readonly maxDelayMs: number;
}

export interface HandleWithRetryOptions {
  readonly transport: EventTransport;
  readonly handle: (event: ReceivedEvent, context: HandlerContext) => Promise<void>;
  readonly retry?: RetryPolicy;
  /** A transient failure, about to be retried after `delayMs` (metrics, a log line). */
  readonly onRetry?: (event: ReceivedEvent, error: unknown, attempt: number, delayMs: number) => void;
  readonly onDeadLetter?: (event: ReceivedEvent, reason: string) => void;
}

/**
 * A subscription handler with Shine's failure policy: a transient failure (a service or database
 * down) is retried in place with bounded exponential backoff, so the offset is not committed and
 * nothing behind the event overtakes it; a PermanentEventError sends the event to the topic's
 * dead-letter topic with the reason in a header, and the partition moves on.
 */
export function handleWithRetry(options: HandleWithRetryOptions): (event: ReceivedEvent, context: HandlerContext) => Promise<void> {
  const policy = options.retry ?? { initialDelayMs: 100, maxDelayMs: 30_000 };
  return async (event, context) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handle(event, context);
        return;
      } catch (error) {
        context.signal.throwIfAborted();
        try {
          if (error instanceof PermanentEventError) {
            await deadLetter(options.transport, event, error.message);
            options.onDeadLetter?.(event, error.message);
            return;
          }
        } catch (deadLetterError) {
          // The dead-letter topic could not be written (the broker is down): retry like any failure.
          error = deadLetterError;
        }
        const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
        options.onRetry?.(event, error, attempt, delayMs);
        await waitAlive(delayMs, context);
      }
    }
  };
}

async function deadLetter(transport: EventTransport, event: ReceivedEvent, reason: string): Promise<void> {
  await transport.publish(deadLetterTopicOf(event.topic), [
    {
      key: event.key,
      value: event.value,
      headers: { ...event.headers, [DEAD_LETTER_REASON_HEADER]: reason.slice(0, 1000), [DEAD_LETTER_SOURCE_HEADER]: `${event.topic}/${event.partition}/${event.offset}` },
    },
  ]);
}

/** Sleeps `ms`, telling the group this member is alive every second; rejects at once when stopped. */
async function waitAlive(ms: number, context: HandlerContext): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await sleep(Math.min(1_000, until - Date.now()), undefined, { signal: context.signal });
    await context.heartbeat();
  }
}

import { logLevel, type LogEntry } from 'kafkajs';

/** A line of kafkajs's log as the service's logger takes it; undefined for a line not worth a person's time. */
export interface ServiceLogLine {
  readonly level: 'error' | 'warn';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

// Broker answers that kafkajs retries by itself: a coordinator still loading, a leader moving.
const TRANSIENT = /coordinator|leader|not available|loading/i;

/**
 * How a kafkajs log line (WARN and above) reaches the service's log. A broker's "coordinator is
 * loading" and the like are answers kafkajs retries: worth a warning, not an error. So is a
 * consumer's crash on one of them (a broker just started), which kafkajs follows by restarting
 * the consumer: one line without the stack, not an error with a stack that a person starting
 * Shine must read. A consumer kafkajs gives up on for good is logged as an error by the
 * subscription that replaces it.
 */
export function serviceLogLine({ level, log }: Pick<LogEntry, 'level' | 'log'>): ServiceLogLine | undefined {
  const { message, ...fields } = log;
  // Retries are limited on purpose (the relay backs off itself; consumers deduplicate by event id).
  if (message.startsWith('Limiting retries for the idempotent producer')) return undefined;
  const retried =
    (message.startsWith('Response ') && TRANSIENT.test(String(fields['error'] ?? ''))) ||
    (message.startsWith('Crash: ') && TRANSIENT.test(message)) ||
    message.startsWith('Restarting the consumer');
  if (retried) delete fields['stack'];
  return { level: level === logLevel.ERROR && !retried ? 'error' : 'warn', message: `kafkajs: ${message}`, fields };
}

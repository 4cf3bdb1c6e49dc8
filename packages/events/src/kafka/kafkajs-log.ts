import { logLevel, type LogEntry } from 'kafkajs';

/** A line of kafkajs's log as the service's logger takes it; undefined for a line not worth a person's time. */
export interface ServiceLogLine {
  readonly level: 'error' | 'warn' | 'info';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

// Broker answers that kafkajs retries by itself: a coordinator still loading, a leader moving.
const TRANSIENT = /coordinator|leader|not available|loading/i;

/**
 * How a kafkajs log line (WARN and above) reaches the service's log. A broker's "coordinator is
 * loading" and the like are answers kafkajs retries by itself, as is a consumer's crash on one of
 * them, which kafkajs follows by restarting the consumer: every first start on a new broker has
 * them, so they are info lines without a stack, the broker's answer not in an `error` field: not
 * errors a person starting Shine reads as a failure (what still fails once kafkajs's retries are
 * spent is logged by its caller: the outbox relay, the topic set-up, the subscription that
 * replaces a consumer given up for good). So is a topic that another service created a moment
 * before (kafkajs takes TOPIC_ALREADY_EXISTS as done; a real refusal fails the topic set-up,
 * which says so): that response line is dropped.
 */
export function serviceLogLine({ level, log }: Pick<LogEntry, 'level' | 'log'>): ServiceLogLine | undefined {
  const { message, ...fields } = log;
  // Retries are limited on purpose (the relay backs off itself; consumers deduplicate by event id).
  if (message.startsWith('Limiting retries for the idempotent producer')) return undefined;
  if (message.startsWith('Response CreateTopics') && fields['error'] === 'Topic creation errors') return undefined;
  const retried =
    (message.startsWith('Response ') && TRANSIENT.test(String(fields['error'] ?? ''))) ||
    (message.startsWith('Crash: ') && TRANSIENT.test(message)) ||
    message.startsWith('Restarting the consumer');
  if (!retried) return { level: level === logLevel.ERROR ? 'error' : 'warn', message: `kafkajs: ${message}`, fields };
  // Not "error=…": a newcomer's first screen read the broker's answer as Shine failing.
  const { stack: _stack, error: answer, ...kept } = fields;
  const said = message.startsWith('Response ') ? `${message}; retrying` : message;
  return { level: 'info', message: `kafkajs: ${said}`, fields: answer === undefined ? kept : { ...kept, broker_answer: answer } };
}

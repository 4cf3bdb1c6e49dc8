import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { markSpanFailed } from '@shine/platform';
import { EVENT_ID_HEADER } from './event-headers.ts';
import type { OutgoingEvent, ReceivedEvent } from './event-transport.ts';

// Spans by the OpenTelemetry messaging conventions. The subject id (the message key) is never an
// attribute: traces are not where personal data goes.
const tracer = trace.getTracer('@shine/events');

export type MessagingSystem = 'kafka' | 'postgresql';

/**
 * Handles one event in a CONSUMER span that continues the trace the event carries (its W3C
 * headers), so the handler's calls (palette, catalog, the database) join the upload's trace.
 */
export function processInSpan(system: MessagingSystem, groupId: string, event: ReceivedEvent, work: () => Promise<void>): Promise<void> {
  const parent = propagation.extract(ROOT_CONTEXT, event.headers);
  return tracer.startActiveSpan(
    `process ${event.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': event.topic,
        'messaging.destination.partition.id': String(event.partition),
        'messaging.consumer.group.name': groupId,
        'messaging.kafka.offset': Number(event.offset),
        ...(event.headers[EVENT_ID_HEADER] ? { 'messaging.message.id': event.headers[EVENT_ID_HEADER] } : {}),
      },
    },
    parent,
    async (span) => {
      try {
        await work();
      } catch (error) {
        markSpanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Sends events in a PRODUCER span, child of the active context, and writes its context into each
 * event's headers, for a transport no instrumentation wraps (the embedded one; kafkajs has its own).
 */
export async function sendInSpan(system: MessagingSystem, topic: string, events: readonly OutgoingEvent[], work: (traced: OutgoingEvent[]) => Promise<void>): Promise<void> {
  const span = tracer.startSpan(`send ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.system': system, 'messaging.operation.type': 'send', 'messaging.operation.name': 'send', 'messaging.destination.name': topic, 'messaging.batch.message_count': events.length },
  });
  const spanContext = trace.setSpan(context.active(), span);
  const traced = events.map((event) => {
    const headers: Record<string, string> = { ...event.headers };
    propagation.inject(spanContext, headers);
    return { ...event, headers };
  });
  try {
    await context.with(spanContext, () => work(traced));
  } catch (error) {
    markSpanFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

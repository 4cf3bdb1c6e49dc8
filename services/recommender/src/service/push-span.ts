import { context, SpanKind, trace, type Context, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@shine/recommender');
const WATCH_METHOD = 'shine.recommender.v1.RecommenderService/WatchRecommendations';

/**
 * A span for one message pushed on a watch stream, in the trace of the change it tells of (the
 * upload's), linked to the stream's own span (the watcher's trace): the last hop of an upload.
 * Nothing about the subject goes on it.
 */
export function startPushSpan(origin: Context, messageId: number): Span {
  const stream = trace.getSpanContext(context.active());
  return tracer.startSpan(
    `push ${WATCH_METHOD}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'rpc.system': 'grpc',
        'rpc.service': 'shine.recommender.v1.RecommenderService',
        'rpc.method': 'WatchRecommendations',
        'rpc.message.type': 'SENT',
        'rpc.message.id': messageId,
      },
      ...(stream && trace.isSpanContextValid(stream) ? { links: [{ context: stream }] } : {}),
    },
    origin,
  );
}

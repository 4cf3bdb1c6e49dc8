import { SpanStatusCode, type Span } from '@opentelemetry/api';

/** Records what went wrong on `span` (the exception event and an error status with its message), as every traced step does when its work throws. */
export function markSpanFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

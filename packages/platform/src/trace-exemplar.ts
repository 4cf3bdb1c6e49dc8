import { trace, TraceFlags } from '@opentelemetry/api';

/**
 * The exemplar labels that tie a latency observation to its trace: the active span's trace id when
 * that trace is sampled (an unsampled id leads nowhere), else none.
 */
export function traceExemplar(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  if (!span || (span.traceFlags & TraceFlags.SAMPLED) === 0) return {};
  return { trace_id: span.traceId };
}

// Reads a trace back from Jaeger's query API (the JSON the UI uses), as plain spans a test can
// walk: who is whose parent, in which service, with which attributes.
import { jaegerBinary, JAEGER_INSTALL_HINT } from '@shine/platform/local-jaeger';

export const jaeger = jaegerBinary();
/** Skip outside CI when Jaeger is absent; under CI=true a missing Jaeger fails the test instead. */
export const skipWithoutJaeger = !jaeger && !process.env['CI'] ? `no jaeger here (${JAEGER_INSTALL_HINT})` : false;

export interface TraceSpan {
  readonly traceId: string;
  readonly id: string;
  /** The CHILD_OF reference: the parent span's id (possibly in another process), if any. */
  readonly parentId: string | undefined;
  readonly name: string;
  readonly service: string;
  /** OpenTelemetry's span kind as Jaeger keeps it: server, client, producer, consumer, internal. */
  readonly kind: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** FOLLOWS_FROM references: spans of other traces this one is linked to. */
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
}

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  references?: { refType: string; traceID: string; spanID: string }[];
  tags?: { key: string; value: unknown }[];
}

interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** Every span Jaeger holds for the trace so far (none when it has not seen it yet). */
export async function readTrace(queryUrl: string, traceId: string): Promise<TraceSpan[]> {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`jaeger answered ${response.status} for trace ${traceId}: ${await response.text()}`);
  const { data } = (await response.json()) as { data: JaegerTrace[] };
  return (data ?? []).flatMap((trace) =>
    trace.spans.map((span) => {
      const attributes = Object.fromEntries((span.tags ?? []).map((tag) => [tag.key, tag.value]));
      const references = span.references ?? [];
      return {
        traceId: span.traceID,
        id: span.spanID,
        parentId: references.find((reference) => reference.refType === 'CHILD_OF')?.spanID,
        name: span.operationName,
        service: trace.processes[span.processID]?.serviceName ?? '',
        kind: String(attributes['span.kind'] ?? 'internal'),
        attributes,
        links: references.filter((reference) => reference.refType === 'FOLLOWS_FROM').map((reference) => ({ traceId: reference.traceID, spanId: reference.spanID })),
      };
    }),
  );
}

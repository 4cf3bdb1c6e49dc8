import { propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

// The change channel's payload (NOTIFY): the subject id, then, after a space, the W3C traceparent
// of the work that changed it (the consumer handling the upload's event), so the push to a
// watcher joins that trace. Subject ids have no spaces (see subject-id.ts).

export interface ChangeNotice {
  readonly subjectId: string;
  /** The trace of the change; the root context when the notice carries none. */
  readonly origin: Context;
}

export function writeChangeNotice(subjectId: string, origin: Context): string {
  const carrier: Record<string, string> = {};
  propagation.inject(origin, carrier);
  return carrier['traceparent'] ? `${subjectId} ${carrier['traceparent']}` : subjectId;
}

export function readChangeNotice(payload: string): ChangeNotice {
  const [subjectId = '', traceparent] = payload.split(' ', 2);
  return { subjectId, origin: traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT };
}

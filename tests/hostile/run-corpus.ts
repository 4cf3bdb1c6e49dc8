// Sends the hostile corpus to a running Shine and judges each answer: never a 5xx, refusals in the
// JSON error shape (bounded, nosniff), honest oddities served.
import { rawRequest, type RawAnswer } from '@shine/gateway/src/test-fixtures/raw-http.ts';
import type { HostileCase } from './hostile-cases.ts';

/** The largest error answer: an error says what is wrong, it never carries the input back. */
const MAX_ERROR_BYTES = 4096;

/** What is wrong with `answer` for `entry`, or undefined when it is what Shine must answer. */
export function judgeAnswer(entry: HostileCase, answer: RawAnswer): string | undefined {
  const { status } = answer;
  if (status >= 500) return `answered ${status}: ${answer.body.toString().slice(0, 300)}`;
  if (entry.expect === 'served') return status >= 200 && status < 300 ? undefined : `expected it served, got ${status}: ${answer.body.toString().slice(0, 300)}`;
  if (entry.expect === 'refused' && !(status >= 400 && status < 500)) return `expected a 4xx refusal, got ${status}`;
  if (typeof entry.expect === 'number' && status !== entry.expect) return `expected ${entry.expect}, got ${status}: ${answer.body.toString().slice(0, 300)}`;
  if (!/^application\/json/.test(answer.headers['content-type'] ?? '')) return `a refusal as ${answer.headers['content-type'] ?? 'no Content-Type'}, not JSON`;
  if (answer.headers['x-content-type-options'] !== 'nosniff') return 'a refusal without X-Content-Type-Options: nosniff';
  if (answer.body.length > MAX_ERROR_BYTES) return `a ${answer.body.length}-byte error answer`;
  let error: { code?: unknown; message?: unknown };
  try {
    error = JSON.parse(answer.body.toString()) as typeof error;
  } catch {
    return `a refusal whose body is not JSON: ${answer.body.toString().slice(0, 200)}`;
  }
  if (typeof error.code !== 'number' || typeof error.message !== 'string' || error.message.length < 10) return `not a google.rpc.Status: ${answer.body.toString().slice(0, 200)}`;
  return undefined;
}

/** Sends one case and returns the answer (with how long it took). */
export async function sendCase(origin: string, entry: HostileCase): Promise<RawAnswer> {
  const spec = await entry.request();
  return rawRequest(origin, spec.head, { ...(spec.body ? { body: spec.body } : {}), ...(spec.trickle ? { trickle: spec.trickle } : {}), timeoutMs: entry.timeoutMs ?? 60_000 });
}

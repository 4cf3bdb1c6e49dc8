// What a client saw of one request while something broke behind the gateway: an answer (status,
// Retry-After, body), a connection cut before any answer, or nothing at all within a bound. Fault
// tests count these, so a lost or hung request shows up as a number, never as a stuck test.

export type RequestOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly retryAfter: string | null; readonly body: string; readonly ms: number }
  | { readonly kind: 'cut'; readonly error: string; readonly ms: number }
  | { readonly kind: 'hung'; readonly ms: number };

/**
 * Sends one request and reads its whole answer. Gives up after `hungAfterMs` and reports 'hung'
 * (the request is aborted, so the test goes on); a connection reset or closed before the answer
 * is 'cut', with the error underneath fetch's "fetch failed".
 */
export async function requestOutcome(url: string, init: RequestInit, hungAfterMs: number): Promise<RequestOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const patience = AbortSignal.timeout(hungAfterMs);
  try {
    const response = await fetch(url, { ...init, signal: patience });
    const body = await response.text();
    return { kind: 'answer', status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: ms() };
  } catch (error) {
    if (patience.aborted) return { kind: 'hung', ms: ms() };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'cut', error: cause?.code ?? cause?.message ?? String(error), ms: ms() };
  }
}

/** A multipart upload as the app sends it to `POST /v1/analyses`. */
export function photoUpload(photo: Buffer, name: string, subjectId: string | undefined, authorization: string | undefined): RequestInit {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(photo)], { type: name.endsWith('.png') ? 'image/png' : 'image/jpeg' }), name);
  if (subjectId !== undefined) form.set('subjectId', subjectId);
  return { method: 'POST', body: form, ...(authorization ? { headers: { authorization } } : {}) };
}

/** "200×250, 503×48, cut×2 (ECONNRESET), hung×0": how a batch of requests ended, for assertion messages. */
export function tally(outcomes: readonly RequestOutcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    const key = outcome.kind === 'answer' ? String(outcome.status) : outcome.kind === 'cut' ? `cut (${outcome.error})` : 'hung';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key}×${count}`).join(', ') || 'nothing sent';
}

/** The outcomes `allowed` refuses, and every one that is not an answer at all (cut, hung). */
export function unexpected(outcomes: readonly RequestOutcome[], allowed: (outcome: Extract<RequestOutcome, { kind: 'answer' }>) => boolean): RequestOutcome[] {
  return outcomes.filter((outcome) => outcome.kind !== 'answer' || !allowed(outcome));
}

/** Runs `work` for each of `count` items with at most `concurrency` at once; results in item order. */
export async function withConcurrency<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

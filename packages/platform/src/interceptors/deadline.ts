import { Code } from '../code.ts';
import type { Interceptor } from '../server-call.ts';
import { ShineError } from '../shine-error.ts';

/**
 * Answers DEADLINE_EXCEEDED (or CANCELLED) as soon as the call's signal aborts, even when the handler
 * ignores its signal, so no caller waits past its deadline. A call whose deadline has already passed
 * is refused before any work.
 */
export function deadlineInterceptor(): Interceptor {
  return (next) => (call) => {
    const { signal } = call.context;
    if (signal.aborted) return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      next(call)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}

function abortError(reason: unknown): ShineError {
  if (reason instanceof ShineError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new ShineError(Code.DEADLINE_EXCEEDED, 'the deadline passed before the call finished');
  }
  return new ShineError(Code.CANCELLED, 'the call was cancelled');
}

// Helpers for UnaryChannel tests (upstream-channel/*.test.ts).
import type { CallStatus } from '../upstream-channel/call-status.ts';

/** A deadline far enough away for any test call. */
export const soon = () => Date.now() + 5_000;

/** The status a call rejected with; fails the test if it succeeded. */
export async function statusOf(promise: Promise<unknown>): Promise<CallStatus> {
  try {
    await promise;
  } catch (error) {
    return error as CallStatus;
  }
  throw new Error('the call succeeded');
}

import { Code, ShineError } from '@shine/platform';

/**
 * How fast a request body must keep arriving. A whole upload may take minutes on a slow phone, but
 * a client that trickles a few bytes every few seconds (slowloris) only holds a connection: judged
 * by progress in each window, not only by the request's total time.
 */
export interface BodyPace {
  readonly minBytesPerSecond: number;
  readonly windowMs: number;
}

export const bodyTooSlow = (pace: BodyPace) =>
  new ShineError(
    Code.DEADLINE_EXCEEDED,
    `the request body arrived too slowly: under ${pace.minBytesPerSecond} bytes a second over ${pace.windowMs / 1000} s; send the body as soon as the headers`,
    { reason: 'BODY_TOO_SLOW' },
  );

/**
 * Watches a body as it is read: `onStall` gets BODY_TOO_SLOW when a window passes in which fewer
 * bytes arrived than the pace asks for. `received` is the reader's own running count (it counts
 * every chunk already, for its size limit). Returns the function that stops watching (call it when
 * the body ended or failed otherwise).
 */
export function watchBodyPace(pace: BodyPace, received: () => number, onStall: (error: ShineError) => void): () => void {
  const needed = (pace.minBytesPerSecond * pace.windowMs) / 1000;
  let atWindowStart = received();
  const timer = setInterval(() => {
    const now = received();
    if (now - atWindowStart < needed) {
      clearInterval(timer);
      onStall(bodyTooSlow(pace));
    }
    atWindowStart = now;
  }, pace.windowMs);
  return () => clearInterval(timer);
}

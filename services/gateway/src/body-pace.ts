import type { IncomingMessage } from 'node:http';
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
 * bytes arrived than the pace asks for. Returns the function that stops watching (call it when the
 * body ended or failed otherwise).
 */
export function watchBodyPace(request: IncomingMessage, pace: BodyPace, onStall: (error: ShineError) => void): () => void {
  const needed = (pace.minBytesPerSecond * pace.windowMs) / 1000;
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
  };
  const timer = setInterval(() => {
    if (received < needed) {
      stop();
      onStall(bodyTooSlow(pace));
    }
    received = 0;
  }, pace.windowMs);
  const stop = () => {
    clearInterval(timer);
    request.off('data', count);
  };
  request.on('data', count);
  return stop;
}

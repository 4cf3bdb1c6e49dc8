// An open-loop load generator: requests leave at their arrival times whether or not earlier ones
// have been answered, as independent visitors do, so a slow server builds a queue and the queue
// shows in the latencies (a closed loop of N workers would wait and hide it: coordinated omission).

/** One request as the load generator saw it. */
export interface Sample<Kind extends string = string> {
  readonly kind: Kind;
  /** Scheduled send time, ms from the start of the run. */
  readonly atMs: number;
  /** From the scheduled send time to the whole answer read: the wait a visitor would see. */
  readonly latencyMs: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, timed out). */
  readonly status: number;
  /** How late the generator itself sent it (its own event loop was busy); should stay near 0. */
  readonly sendLagMs: number;
}

export interface OpenLoopRun<Kind extends string> {
  /** Send times, ms from the start (e.g. poissonArrivals). */
  readonly arrivals: readonly number[];
  /** The kind of the n-th request. */
  readonly kindOf: (index: number) => Kind;
  /** Sends one request of `kind` and resolves with its status once its body is read (0: no answer). */
  readonly send: (kind: Kind, index: number, signal: AbortSignal) => Promise<number>;
  /** A request not answered within this is counted as failed (status 0). */
  readonly timeoutMs: number;
}

export async function runOpenLoop<Kind extends string>(run: OpenLoopRun<Kind>): Promise<Sample<Kind>[]> {
  const started = performance.now();
  const pending: Promise<Sample<Kind>>[] = [];
  const sendOne = async (index: number, atMs: number): Promise<Sample<Kind>> => {
    const kind = run.kindOf(index);
    const sendLagMs = Math.max(0, performance.now() - started - atMs);
    let status: number;
    try {
      status = await run.send(kind, index, AbortSignal.timeout(run.timeoutMs));
    } catch {
      status = 0;
    }
    return { kind, atMs, latencyMs: performance.now() - started - atMs, status, sendLagMs };
  };
  for (let index = 0; index < run.arrivals.length; ) {
    const now = performance.now() - started;
    // Everything due by now leaves at once: a late wake-up never drops or delays the schedule further.
    while (index < run.arrivals.length && run.arrivals[index]! <= now) {
      pending.push(sendOne(index, run.arrivals[index]!));
      index++;
    }
    if (index < run.arrivals.length) await new Promise((resolve) => setTimeout(resolve, Math.max(0, run.arrivals[index]! - now)));
  }
  return Promise.all(pending);
}

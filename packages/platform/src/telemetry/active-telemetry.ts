/** The tracing SDK the preload started, so a service's shutdown can flush its last spans. */
let active: { shutdown(): Promise<void> } | undefined;

/** The http instrumentation the preload started, for a server that makes its own server spans. */
let httpInstrumentation: { disable(): void } | undefined;

export function setActiveTelemetry(sdk: { shutdown(): Promise<void> }, http?: { disable(): void }): void {
  active = sdk;
  httpInstrumentation = http;
}

/**
 * For a server that makes its own HTTP server spans (the gateway, which names them by route): turns
 * the generic http instrumentation off in this thread, so requests get one span, not two, and
 * none of its per-request cost (it binds every emitter and reads every header).
 */
export function takeOverHttpServerSpans(): void {
  httpInstrumentation?.disable();
  httpInstrumentation = undefined;
}

/** Exports spans still buffered, waiting at most `timeoutMs` (a collector that is down must not hold up an exit). */
export async function flushTelemetry(timeoutMs = 2_000): Promise<void> {
  if (!active) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    active.shutdown().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

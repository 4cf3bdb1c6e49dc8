/** The tracing SDK the preload started, so a service's shutdown can flush its last spans. */
let active: { shutdown(): Promise<void> } | undefined;

export function setActiveTelemetry(sdk: { shutdown(): Promise<void> }): void {
  active = sdk;
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

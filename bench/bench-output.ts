/** The benchmark's result: its last non-empty output line, which must be one JSON object. */
export function lastJsonLine(output: string): Record<string, unknown> {
  const last = output.trimEnd().split('\n').at(-1)?.trim() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`its last line is not JSON: ${JSON.stringify(last.slice(0, 200))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`its last line is not a JSON object: ${last.slice(0, 200)}`);
  return parsed as Record<string, unknown>;
}

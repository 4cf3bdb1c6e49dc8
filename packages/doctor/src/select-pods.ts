// The pods a Service or Deployment selects, by its matchLabels-style selector.
import type { V1Pod } from './release-snapshot.ts';

export function podsSelectedBy(selector: Record<string, string> | undefined, pods: readonly V1Pod[]): V1Pod[] {
  if (!selector || Object.keys(selector).length === 0) return [];
  return pods.filter((pod) => Object.entries(selector).every(([key, value]) => pod.metadata?.labels?.[key] === value));
}

export const describeSelector = (selector: Record<string, string>) => Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(',');

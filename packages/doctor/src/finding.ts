// One line of the doctor's report: what was checked, on which object, and what it means.
export type FindingStatus = 'healthy' | 'warning' | 'failing';

export interface Finding {
  /** The step of the request's path or the aspect checked: "edge", "service", "deployment", … */
  readonly check: string;
  /** Kind/name, e.g. "Service/demo-gateway". */
  readonly object: string;
  readonly status: FindingStatus;
  /** Plain words a person can act on: what is wrong and its likely cause, or why it is fine. */
  readonly detail: string;
}

export const isFailing = (findings: readonly Finding[]) => findings.some((finding) => finding.status === 'failing');

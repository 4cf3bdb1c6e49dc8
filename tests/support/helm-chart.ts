// charts/shine rendered by a real Helm, for the chart's test files.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goTool } from '@shine/platform/testing';
import { parseAllDocuments } from 'yaml';

export const chart = fileURLToPath(new URL('../../charts/shine', import.meta.url));
export const devValues = join(chart, 'values-dev.yaml');

// .ci/run builds Helm with `go install`, into Go's default bin folder.
export const helm = goTool('helm', 'HELM', ['version']);
/** Skip outside CI when Helm is absent; under CI=true a missing Helm fails the tests instead. */
export const skipWithoutHelm = !helm && !process.env['CI'] ? 'no helm here (go install helm.sh/helm/v3/cmd/helm@v3.22.0)' : false;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface RenderOptions {
  /** `--set` assignments. */
  sets?: string[];
  /** Values files (`-f`). */
  values?: string[];
  /** API versions the cluster is said to serve (`--api-versions`), e.g. monitoring.coreos.com/v1. */
  apiVersions?: string[];
  /** Another copy of the chart. */
  chartDir?: string;
}

/** The arguments of `helm template demo …` for these options; the release is always "demo". */
export function templateArgs(options: RenderOptions = {}): string[] {
  return [
    'template',
    'demo',
    options.chartDir ?? chart,
    '--kube-version',
    '1.31.0',
    ...(options.values ?? []).flatMap((file) => ['-f', file]),
    ...(options.sets ?? []).flatMap((set) => ['--set', set]),
    ...(options.apiVersions ?? []).flatMap((version) => ['--api-versions', version]),
  ];
}

export function render(options: RenderOptions = {}): K8sObject[] {
  const output = execFileSync(helm!, templateArgs(options), { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject).filter(Boolean);
}

/** Helm's stderr for options it must refuse; fails the test if it accepts them. */
export function refusal(options: RenderOptions): string {
  const result = spawnSync(helm!, templateArgs(options), { encoding: 'utf8' });
  if (result.status === 0) throw new Error(`helm accepted ${JSON.stringify(options)}`);
  return result.stderr;
}

export const find = (objects: K8sObject[], kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);
export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
/** The pod template of a Deployment, StatefulSet or Job, or the spec of a Pod. */
export const podSpec = (object: K8sObject) => (object.kind === 'Pod' ? object.spec : object.spec.template.spec);

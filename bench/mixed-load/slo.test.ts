import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { summariseRun } from './latency-summary.ts';
import type { Sample } from './open-loop.ts';
import { judgeRun, SLO } from './slo.ts';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
}
const rulesOf = (file: string): Rule[] =>
  (parse(readFileSync(new URL(`../../monitoring/prometheus/rules/${file}`, import.meta.url), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);

describe('the objectives the capacity is measured against', () => {
  it('are the numbers of the SLO rules in monitoring/', () => {
    const recorded = rulesOf('shine-recording.rules.yml').find((rule) => rule.record === 'analysis:grpc_server_slow_calls:ratio_rate5m');
    // The slow-call ratio counts the calls above the `le` bucket: that bucket is the latency objective.
    assert.match(recorded!.expr, new RegExp(`le=~"${SLO.analysisLatencySeconds}\\|`));
    const alerts = rulesOf('shine-alerts.rules.yml');
    const latencyBudget = 1 - SLO.analysisLatencyQuantile;
    assert.match(alerts.find((rule) => rule.alert === 'ShineAnalysisLatencyBudgetBurnSlow')!.expr, new RegExp(`ratio_rate6h > ${latencyBudget.toFixed(2)}\\b`));
    const errorBudget = 1 - SLO.edgeAvailability;
    assert.match(alerts.find((rule) => rule.alert === 'ShineEdgeErrorBudgetBurnSlow')!.expr, new RegExp(`ratio_rate6h > ${errorBudget.toFixed(3)}\\b`));
  });
});

const run = (uploadMs: number[], statuses: number[] = []): ReturnType<typeof summariseRun> => {
  const samples: Sample[] = uploadMs.map((latencyMs) => ({ kind: 'upload', atMs: 0, latencyMs, status: 200, sendLagMs: 0 }));
  for (const status of statuses) samples.push({ kind: 'palette', atMs: 0, latencyMs: 1, status, sendLagMs: 0 });
  return summariseRun(samples, 1, 1);
};

describe('judgeRun', () => {
  it('passes uploads with p95 within 1 s and no errors', () => {
    assert.deepEqual(judgeRun(run([...Array(39).fill(300), 5000], [200])), { met: true, reasons: [] });
  });

  it('fails when the uploads p95 is over 1 s', () => {
    const verdict = judgeRun(run([...Array(37).fill(300), 1001, 1001, 1001]));
    assert.equal(verdict.met, false);
    assert.match(verdict.reasons.join(), /upload p95 1001 ms > 1000 ms/);
  });

  it('fails on a single error, even fast', () => {
    const verdict = judgeRun(run([300], [200, 429]));
    assert.equal(verdict.met, false);
    assert.match(verdict.reasons.join(), /error rate .*429/);
  });

  it('fails a run without uploads: the SLO was not measured', () => {
    assert.equal(judgeRun(run([], [200])).met, false);
  });
});

// monitoring/prometheus checked by a real promtool: the configurations load, the rules parse, and
// every alert has unit tests that see it fire when it should and stay quiet when it should not.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, globSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { monitoring, promtool, skipWithoutPrometheus as skip } from './support/prometheus-tools.ts';

const prometheusDir = join(monitoring, 'prometheus');
const ruleFiles = globSync('rules/*.rules.yml', { cwd: prometheusDir });
const testFiles = globSync('tests/*.test.yml', { cwd: prometheusDir });

interface Rule { alert?: string; record?: string; expr: string; annotations?: Record<string, string> }
const rulesOf = (file: string): Rule[] => (parse(readFileSync(join(prometheusDir, file), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);
const alerts = ruleFiles.flatMap((file) => rulesOf(file).filter((rule) => rule.alert).map((rule) => ({ file, name: rule.alert!, rule })));

const run = promisify(execFile);
const runPromtool = (args: string[], cwd = prometheusDir) => spawnSync(promtool!, args, { cwd, encoding: 'utf8' });

describe('monitoring/prometheus with promtool', { skip }, () => {
  it('has a configuration for `npm start` that promtool accepts, with its rule files', () => {
    const result = runPromtool(['check', 'config', 'prometheus.yml']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`SUCCESS: ${ruleFiles.length} rule files found`));
  });

  it('has a Kubernetes configuration that promtool accepts, apart from the service discovery Debian\'s build leaves out', () => {
    // Debian builds Prometheus without kubernetes_sd_configs; everything else (relabelling, rules)
    // is checked with the discovery block swapped for an empty static one.
    const copy = mkdtempSync(join(tmpdir(), 'shine-prometheus-k8s-'));
    try {
      cpSync(join(prometheusDir, 'rules'), join(copy, 'rules'), { recursive: true });
      const config = parse(readFileSync(join(prometheusDir, 'prometheus-kubernetes.yml'), 'utf8'));
      const [job] = config.scrape_configs;
      assert.deepEqual(job.kubernetes_sd_configs, [{ role: 'pod' }]);
      delete job.kubernetes_sd_configs;
      job.static_configs = [];
      writeFileSync(join(copy, 'prometheus.yml'), JSON.stringify(config));
      const result = runPromtool(['check', 'config', 'prometheus.yml'], copy);
      assert.equal(result.status, 0, result.stdout + result.stderr);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('has rule files promtool accepts', () => {
    const result = runPromtool(['check', 'rules', ...ruleFiles]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('passes its promtool unit tests', () => {
    const result = runPromtool(['test', 'rules', ...testFiles]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('links every alert to its section of monitoring/runbooks.md', () => {
    const runbooks = readFileSync(join(monitoring, 'runbooks.md'), 'utf8');
    const anchors = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map(([, title]) => title!.toLowerCase()));
    for (const { name, rule } of alerts) {
      assert.equal(rule.annotations?.['runbook_url'], `monitoring/runbooks.md#${name.toLowerCase()}`, name);
      assert.ok(anchors.has(name.toLowerCase()), `runbooks.md has no section "## ${name}"`);
      assert.ok(rule.annotations?.['summary'], `${name} has a summary`);
    }
  });

  // The unit tests prove an alert both ways only if they fail when it always fires and when it never
  // does: each alert is broken both ways in a copy, and the tests that name it must then fail.
  for (const { file, name } of alerts) {
    it(`has unit tests in which ${name} fires when it should and stays quiet when it should not`, async () => {
      const covering = testFiles.filter((test) => readFileSync(join(prometheusDir, test), 'utf8').includes(`alertname: ${name}\n`));
      assert.ok(covering.length > 0, `no promtool test names ${name}`);
      const breakings = [['always fires', 'vector(1)'], ['never fires', 'vector(0) > 1']] as const;
      await Promise.all(breakings.map(async ([broken, expr]) => {
        const copy = mkdtempSync(join(tmpdir(), 'shine-rules-'));
        try {
          cpSync(prometheusDir, copy, { recursive: true });
          const path = join(copy, file);
          const document = parse(readFileSync(path, 'utf8')) as { groups: { rules: Rule[] }[] };
          for (const rule of document.groups.flatMap((group) => group.rules)) if (rule.alert === name) rule.expr = expr;
          writeFileSync(path, JSON.stringify(document));
          const failure = await run(promtool!, ['test', 'rules', ...covering], { cwd: copy }).then(() => undefined, (error: { stdout: string; stderr: string }) => error);
          assert.ok(failure, `the tests of ${name} still pass when it ${broken}`);
          assert.match(failure.stdout + failure.stderr, new RegExp(`alertname: ${name}\\b`), `the failure is ${name}'s`);
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }));
    });
  }

  it('reports the promtool version it ran', () => {
    const version = execFileSync(promtool!, ['--version'], { encoding: 'utf8' });
    assert.match(version, /promtool, version \d+\.\d+\.\d+/);
  });
});

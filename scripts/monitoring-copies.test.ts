// The chart ships monitoring/'s dashboards and rules as copies (Helm reads only its own files): they
// must be the same bytes, or Kubernetes would run other alerts than the ones promtool tested.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { expectedCopies, strayCopies } from './monitoring-copies.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the chart\'s copies of monitoring/', () => {
  it('are byte for byte the dashboards and rules in monitoring/ (else: npm run monitoring:sync)', () => {
    const copies = expectedCopies();
    assert.ok(copies.some(([source]) => source.endsWith('.json')) && copies.some(([source]) => source.endsWith('.rules.yml')), 'dashboards and rules are both carried');
    for (const [source, copy] of copies) {
      let copied: string | undefined;
      try {
        copied = readFileSync(join(root, copy), 'utf8');
      } catch {
        assert.fail(`${copy} is missing: run npm run monitoring:sync`);
      }
      assert.ok(copied === readFileSync(join(root, source), 'utf8'), `${copy} drifted from ${source}: run npm run monitoring:sync`);
    }
  });

  it('hold nothing that monitoring/ no longer has', () => {
    assert.deepEqual(strayCopies(), [], 'run npm run monitoring:sync');
  });
});

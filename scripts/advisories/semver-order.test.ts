// The precedence example of semver.org §11.4, and the cases range checks depend on.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { compareVersions } from './semver-order.ts';

it('orders the semver.org §11.4 example chain', () => {
  const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
  for (let index = 1; index < chain.length; index++) {
    assert.ok(compareVersions(chain[index - 1]!, chain[index]!) < 0, `${chain[index - 1]} < ${chain[index]}`);
    assert.ok(compareVersions(chain[index]!, chain[index - 1]!) > 0, `${chain[index]} > ${chain[index - 1]}`);
  }
});

it('compares numerically, not as text, and ignores build metadata', () => {
  assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
  assert.ok(compareVersions('2.0.0', '10.0.0') < 0);
  assert.equal(compareVersions('1.2.3+build.5', '1.2.3'), 0);
  assert.equal(compareVersions('v1.2.3', '1.2.3'), 0);
});

it('refuses what is not a version instead of guessing', () => {
  assert.throws(() => compareVersions('1.2', '1.2.0'), /not a semantic version/);
  assert.throws(() => compareVersions('latest', '1.0.0'), /not a semantic version/);
});

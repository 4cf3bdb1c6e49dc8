// npm ranges of nodejs/security-wg advisories, turned into OSV ranges, affect what npm says they do.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { npmRangeToOsv } from './npm-range-to-osv.ts';
import { isAffected } from './osv-affected.ts';

const affects = (range: string, version: string) => isAffected(version, { name: 'x', ranges: npmRangeToOsv(range), versions: [] });

it('an upper bound alone starts at 0, "<" as fixed and "<=" as last_affected', () => {
  assert.deepEqual(npmRangeToOsv('<4.6.0'), [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.6.0' }] }]);
  assert.deepEqual(npmRangeToOsv('<= 1.1.0'), [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '1.1.0' }] }]);
});

it('alternatives become one range each (security-wg 500)', () => {
  const range = '<3.5.1 || >=4.0.0 <4.1.3 || >=5.0.0 <5.6.1 || >=6.0.0 <6.1.2';
  assert.deepEqual(['3.5.0', '3.5.1', '4.1.2', '4.1.3', '5.6.1', '6.1.1', '6.1.2'].map((version) => affects(range, version)), [true, false, true, false, false, true, false]);
});

it('x-ranges, tilde, exact versions and "*"', () => {
  assert.deepEqual(['1.9.9', '2.0.0', '2.1.7', '2.2.0'].map((version) => affects('2.0.x || 2.1.x', version)), [false, true, true, false]);
  assert.deepEqual(['0.8.0-pre', '0.8.5', '0.9.0'].map((version) => affects('~0.8.0-pre', version)), [true, true, false]);
  assert.deepEqual(['3.7.1', '3.7.2', '3.7.3'].map((version) => affects('3.7.2', version)), [false, true, false]);
  assert.equal(affects('*', '12.3.4'), true);
});

it('an exclusive lower bound also flags the bound itself: a false alarm, never a miss', () => {
  assert.equal(affects('< 2.2.4 > 2.0.0', '2.0.0'), true);
  assert.equal(affects('< 2.2.4 > 2.0.0', '2.2.3'), true);
  assert.equal(affects('< 2.2.4 > 2.0.0', '1.9.0'), false);
});

it('refuses a range it cannot read rather than reading it as "nothing affected"', () => {
  assert.throws(() => npmRangeToOsv('>=1.0.0 <latest'), /unsupported npm range/);
});

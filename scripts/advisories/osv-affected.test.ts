// OSV range evaluation (https://ossf.github.io/osv-schema/#evaluation) on synthetic advisories.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isAffected, type AffectedRange, type RangeEvent } from './osv-affected.ts';

const range = (...events: RangeEvent[]): AffectedRange => ({ type: 'ECOSYSTEM', events });
const affects = (version: string, ranges: AffectedRange[], versions: string[] = []) => isAffected(version, { name: 'x', ranges, versions });

it('"introduced 0" with "fixed" covers everything below the fix, prereleases of the fix included', () => {
  const ranges = [range({ introduced: '0' }, { fixed: '5.7.2' })];
  assert.equal(affects('0.0.1', ranges), true);
  assert.equal(affects('5.7.1', ranges), true);
  assert.equal(affects('5.7.2-rc.1', ranges), true);
  assert.equal(affects('5.7.2', ranges), false);
  assert.equal(affects('6.0.0', ranges), false);
});

it('"last_affected" includes that version and nothing after it', () => {
  const ranges = [range({ introduced: '1.0.0' }, { last_affected: '1.4.0' })];
  assert.equal(affects('0.9.9', ranges), false);
  assert.equal(affects('1.0.0', ranges), true);
  assert.equal(affects('1.4.0', ranges), true);
  assert.equal(affects('1.4.1-alpha', ranges), false);
  assert.equal(affects('1.4.1', ranges), false);
});

it('several spans in one range, listed out of order, each close at their own fix', () => {
  const ranges = [range({ fixed: '2.5.0' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '1.0.0' })];
  assert.deepEqual(['0.5.0', '1.2.0', '1.5.0', '1.9.9', '2.0.0', '2.4.9', '2.5.0'].map((version) => affects(version, ranges)), [false, true, false, false, true, true, false]);
});

it('several ranges, as semver\'s advisory has one per release line: any one of them affects', () => {
  const ranges = [range({ introduced: '7.0.0' }, { fixed: '7.5.2' }), range({ introduced: '6.0.0' }, { fixed: '6.3.1' }), range({ introduced: '0' }, { fixed: '5.7.2' })];
  assert.deepEqual(['5.7.1', '5.7.2', '6.3.0', '6.3.1', '6.3.2', '7.5.1', '7.5.2', '7.8.6'].map((version) => affects(version, ranges)), [true, false, true, false, false, true, false, false]);
});

it('no fix yet: every version from "introduced" on is affected', () => {
  assert.equal(affects('99.0.0', [range({ introduced: '3.1.0' })]), true);
  assert.equal(affects('3.0.9', [range({ introduced: '3.1.0' })]), false);
});

it('"limit" caps a range from above', () => {
  const ranges = [range({ introduced: '0' }, { limit: '2.0.0' })];
  assert.equal(affects('1.9.9', ranges), true);
  assert.equal(affects('2.0.0', ranges), false);
});

it('an explicit versions list affects exactly those versions', () => {
  assert.equal(affects('4.0.1', [], ['4.0.1', '4.0.3']), true);
  assert.equal(affects('4.0.2', [], ['4.0.1', '4.0.3']), false);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROUTE_WEIGHTS, routeCycle } from './route-mix.ts';

describe('routeCycle', () => {
  it('holds each kind as often as its weight', () => {
    const cycle = routeCycle(ROUTE_WEIGHTS);
    const total = Object.values(ROUTE_WEIGHTS).reduce((sum, weight) => sum + weight, 0);
    assert.equal(cycle.length, total);
    for (const [kind, weight] of Object.entries(ROUTE_WEIGHTS)) {
      assert.equal(cycle.filter((each) => each === kind).length, weight, kind);
    }
  });

  it('spreads a kind out instead of bunching it (a short run still sees every kind)', () => {
    const cycle = routeCycle({ heavy: 1, light: 3 });
    assert.deepEqual(cycle, ['light', 'heavy', 'light', 'light']);
    const mix = routeCycle({ a: 5, b: 5 });
    for (let index = 1; index < mix.length; index++) assert.notEqual(mix[index], mix[index - 1], `no two alike in a row: ${mix}`);
  });

  it('leaves out kinds weighted 0', () => {
    assert.deepEqual(routeCycle({ a: 2, b: 0 }), ['a', 'a']);
  });
});

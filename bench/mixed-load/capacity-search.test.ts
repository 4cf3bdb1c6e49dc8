import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchCapacity, type CapacitySearch } from './capacity-search.ts';

const search: CapacitySearch = { startRate: 2, growth: 2, maxRate: 200, resolution: 1.1, minRate: 0.2 };
/** A system that keeps its objectives up to `limit` requests per second. */
const systemUpTo = (limit: number) => async (rate: number) => ({ passed: rate <= limit, result: rate });

describe('searchCapacity', () => {
  it('steps the rate up until a trial fails, then bisects to within the resolution below the limit', async () => {
    const found = await searchCapacity(search, systemUpTo(13.7));
    assert.deepEqual(found.trials.slice(0, 4).map((trial) => [trial.rate, trial.passed]), [[2, true], [4, true], [8, true], [16, false]]);
    assert.ok(found.capacity <= 13.7, `${found.capacity} passes`);
    const lowestFailure = Math.min(...found.trials.filter((trial) => !trial.passed).map((trial) => trial.rate));
    assert.ok(lowestFailure <= found.capacity * search.resolution, `failing ${lowestFailure} within 10% of ${found.capacity}`);
    assert.equal(found.atCapacity?.result, found.capacity);
    assert.equal(found.limitedByMaxRate, false);
  });

  it('never reports a rate that failed, whatever the limit', async () => {
    for (const limit of [0.25, 1, 2, 2.5, 7.9, 64, 150]) {
      const found = await searchCapacity(search, systemUpTo(limit));
      assert.ok(found.capacity <= limit, `limit ${limit}: capacity ${found.capacity}`);
      const lowestFailure = Math.min(...found.trials.filter((trial) => !trial.passed).map((trial) => trial.rate));
      assert.ok(lowestFailure <= found.capacity * search.resolution, `limit ${limit}: capacity ${found.capacity}, a failure at ${lowestFailure}`);
      assert.ok(found.trials.length <= 16, `limit ${limit}: ${found.trials.length} trials`);
    }
  });

  it('steps down when the first rate already fails', async () => {
    const found = await searchCapacity(search, systemUpTo(0.6));
    assert.deepEqual(found.trials.slice(0, 3).map((trial) => [trial.rate, trial.passed]), [[2, false], [1, false], [0.5, true]]);
    assert.ok(found.capacity >= 0.5 && found.capacity <= 0.6);
  });

  it('says the capacity is 0 when nothing down to the lowest rate passes', async () => {
    const found = await searchCapacity(search, systemUpTo(0));
    assert.equal(found.capacity, 0);
    assert.equal(found.atCapacity, undefined);
    assert.ok(found.trials.every((trial) => trial.rate >= search.minRate));
  });

  it('stops at the highest rate allowed and says the capacity lies beyond it', async () => {
    const found = await searchCapacity(search, systemUpTo(1_000));
    assert.equal(found.capacity, 200);
    assert.equal(found.limitedByMaxRate, true);
  });

  it('refuses a growth that cannot move rates of 2 significant digits', async () => {
    await assert.rejects(searchCapacity({ ...search, growth: 1.01 }, systemUpTo(5)), /growth >= 1.1/);
  });
});

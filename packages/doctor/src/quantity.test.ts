import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseQuantity, sameQuantity } from './quantity.ts';

it('reads Kubernetes quantities in cores and bytes, decimal and binary suffixes apart', () => {
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity(2), 2);
  assert.equal(parseQuantity('1.5'), 1.5);
  assert.equal(parseQuantity('6Gi'), 6 * 2 ** 30);
  assert.equal(parseQuantity('512Mi'), 512 * 2 ** 20);
  assert.equal(parseQuantity('1G'), 1e9);
  assert.ok(Number.isNaN(parseQuantity('two')));
  assert.ok(Number.isNaN(parseQuantity(undefined)));
});

it('compares quantities by value, and never calls a missing one equal', () => {
  assert.ok(sameQuantity('2000m', '2'));
  assert.ok(sameQuantity('1024Mi', '1Gi'));
  assert.ok(!sameQuantity('1G', '1Gi'));
  assert.ok(!sameQuantity(undefined, '1Gi'));
  assert.ok(!sameQuantity('1Gi', undefined));
});

import assert from 'node:assert/strict';
import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'node:async_hooks';
import { test } from 'node:test';
import { installLeanAsyncBind } from './lean-async-bind.ts';

installLeanAsyncBind();

test('a bound function runs in the resource’s async scope with its this, arguments and length', () => {
  const storage = new AsyncLocalStorage<string>();
  const resource = storage.run('at creation', () => new AsyncResource('Test'));
  const target = { name: 'target' };
  const bound = resource.bind(function (this: unknown, left: number, right: number) {
    return { self: this, sum: left + right, asyncId: executionAsyncId(), store: storage.getStore() };
  });
  assert.equal(bound.length, 2);
  const seen = storage.run('at call', () => bound.call(target, 2, 3));
  assert.deepEqual(seen, { self: target, sum: 5, asyncId: resource.asyncId(), store: 'at creation' });
});

test('with thisArg the bound function keeps it, as Node’s bind does', () => {
  const resource = new AsyncResource('Test');
  const self = { name: 'fixed' };
  const withThis = function (this: unknown, value: string) {
    return [this, value];
  };
  // Node's bind takes thisArg (asyncResource.bind(fn[, thisArg])); @types/node leaves it out.
  const bound = (resource.bind as (fn: typeof withThis, thisArg: unknown) => typeof withThis).call(resource, withThis, self);
  assert.deepEqual(bound.call({ name: 'other' }, 'x'), [self, 'x']);
  assert.equal(AsyncResource.bind((a: number) => a * 2)(21), 42);
});

test('no deprecated asyncResource accessor; anything but a function is refused as before', () => {
  const bound = new AsyncResource('Test').bind(() => 1);
  assert.equal(Object.hasOwn(bound, 'asyncResource'), false);
  assert.throws(() => new AsyncResource('Test').bind('not a function' as never), { code: 'ERR_INVALID_ARG_TYPE' });
});

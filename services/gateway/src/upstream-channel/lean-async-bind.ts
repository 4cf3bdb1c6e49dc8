import { AsyncResource } from 'node:async_hooks';

const nodeBind = AsyncResource.prototype.bind;
let installed = false;

/**
 * Makes AsyncResource#bind as cheap as what it does: node:http2 binds every stream it starts
 * (`session.request` runs its start-up through `new AsyncResource('PendingRequest').bind(…)`), and
 * Node's bind defines, on each bound function, the `asyncResource` accessor deprecated since Node 20
 * (DEP0172): two `deprecate` wrappers and a function turned into a dictionary, ~2.3 KB per upstream
 * call, about a tenth of the gateway's CPU per request at c=64 (bench:gateway A/B). The function
 * returned here does what Node's does (runs `fn` in the resource's async scope with the same
 * `this`, arguments and `length`) without that accessor, which nothing the gateway loads reads.
 * Once per thread; any other argument goes to Node's own bind, which validates it.
 */
export function installLeanAsyncBind(): void {
  if (installed) return;
  installed = true;
  type Callback = (...args: unknown[]) => unknown;
  const nodeBindUntyped = nodeBind as (this: AsyncResource, fn: unknown, thisArg?: unknown) => Callback;
  function bind(this: AsyncResource, fn: Callback, thisArg?: unknown): Callback {
    if (typeof fn !== 'function') return nodeBindUntyped.call(this, fn, thisArg);
    const resource = this;
    const bound: Callback =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : resource.runInAsyncScope.bind(resource, fn, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
    return bound;
  }
  AsyncResource.prototype.bind = bind as typeof AsyncResource.prototype.bind;
}

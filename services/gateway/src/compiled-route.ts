import type { RouteAccess } from './access-policy.ts';
import type { RpcRoute } from './rpc-route.ts';

/** A route as the gateway serves it: the RPC, who may call it, and its label for metrics. */
export interface CompiledRoute {
  rpc: RpcRoute;
  access: RouteAccess;
  /** The metrics label: the template, never the raw path. */
  label: string;
}

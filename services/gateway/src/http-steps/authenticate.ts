import { Code, ShineError } from '@shine/platform';
import { tokenMissing, type RouteAccess } from '../access-policy.ts';
import { bearerToken, type Principal, type TokenVerifier } from '../jwt-auth.ts';
import { required, type HttpStep } from './http-step.ts';

/**
 * Verifies the bearer token the route may take (a guest-only route ignores it). A refusal is held
 * in the exchange, not thrown, so the rate limit counts it first (see token-refusal.ts).
 */
export function authenticateStep(verifyToken: TokenVerifier | undefined): HttpStep {
  return (next) => async (request, response, exchange) => {
    const { access } = required(exchange.route, 'route').target;
    try {
      const principal = access.guestOnly ? undefined : await authenticate(request.headers.authorization, access, verifyToken);
      if (principal) exchange.principal = principal;
    } catch (error) {
      exchange.tokenRefusal = error;
    }
    return next(request, response, exchange);
  };
}

async function authenticate(authorization: string | undefined, access: RouteAccess, verifyToken: TokenVerifier | undefined): Promise<Principal | undefined> {
  const token = bearerToken(authorization);
  if (token === undefined) {
    if (access.tokenRequired) throw tokenMissing();
    return undefined;
  }
  if (!verifyToken) {
    throw new ShineError(Code.UNAUTHENTICATED, 'this gateway accepts no tokens: no JWT method is configured', { reason: 'TOKEN_INVALID' });
  }
  return verifyToken(token);
}

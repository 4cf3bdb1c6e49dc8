import { Code, ShineError } from '@shine/platform';
import { tokenMissing } from '../access-policy.ts';
import { bearerToken, type TokenVerifier } from '../jwt-auth.ts';
import { required, type HttpStep } from './http-step.ts';

/**
 * Verifies the bearer token the route may take (a guest-only route ignores it). A refusal is held
 * in the exchange, not thrown, so the rate limit counts it first (see token-refusal.ts). Without a
 * token to verify the next step runs in the same turn.
 */
export function authenticateStep(verifyToken: TokenVerifier | undefined): HttpStep {
  return (next) => (request, response, exchange) => {
    const { access } = required(exchange.route, 'route').target;
    if (access.guestOnly) return next(request, response, exchange);
    let token: string | undefined;
    try {
      token = bearerToken(request.headers.authorization);
      if (token === undefined) {
        if (access.tokenRequired) throw tokenMissing();
        return next(request, response, exchange);
      }
      if (!verifyToken) {
        throw new ShineError(Code.UNAUTHENTICATED, 'this gateway accepts no tokens: no JWT method is configured', { reason: 'TOKEN_INVALID' });
      }
    } catch (error) {
      exchange.tokenRefusal = error;
      return next(request, response, exchange);
    }
    return verifyToken(token).then(
      (principal) => {
        exchange.principal = principal;
        return next(request, response, exchange);
      },
      (error: unknown) => {
        exchange.tokenRefusal = error;
        return next(request, response, exchange);
      },
    );
  };
}

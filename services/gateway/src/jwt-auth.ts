import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Code, quoteInput, ShineError } from '@shine/platform';

export interface JwtOptions {
  /** JWKS endpoint with the RS256 public keys (keys are fetched once, then on an unknown `kid`). */
  jwksUrl?: string | undefined;
  /** Shared secret for HS256 tokens (at least 32 bytes). */
  hs256Secret?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  clockToleranceSeconds?: number;
}

/** Who a verified token speaks for. */
export interface Principal {
  subject: string;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

const unauthenticated = (message: string, reason: string, cause?: unknown) =>
  new ShineError(Code.UNAUTHENTICATED, message, cause === undefined ? { reason } : { reason, cause });

/**
 * Verifies bearer tokens: RS256 against a JWKS, HS256 against a shared secret, whichever are
 * configured (the token's `alg` picks). Issuer and audience are checked when configured, `exp`
 * and `nbf` always, and `sub` must be present. Failures are UNAUTHENTICATED with a reason.
 */
export function createTokenVerifier(options: JwtOptions): TokenVerifier {
  const jwks: JWTVerifyGetKey | undefined = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  const secret = options.hs256Secret ? new TextEncoder().encode(options.hs256Secret) : undefined;
  const claims = {
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    clockTolerance: options.clockToleranceSeconds ?? 30,
    requiredClaims: ['sub', 'exp'],
  };

  // Verified tokens by their text until they expire: RS256 verification costs more than the rest of a
  // request, and a client sends the same token for minutes.
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  const maxCached = 10_000;

  return async (token) => {
    const cached = verified.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    const principal = await verify(token);
    if (verified.size >= maxCached) verified.delete(verified.keys().next().value!);
    verified.set(token, principal);
    return principal.principal;
  };

  async function verify(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch (error) {
      throw unauthenticated('the bearer token is not a JWT', 'TOKEN_INVALID', error);
    }
    try {
      const result =
        algorithm === 'RS256' && jwks
          ? await jwtVerify(token, jwks, { ...claims, algorithms: ['RS256'] })
          : algorithm === 'HS256' && secret
            ? await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] })
            : undefined;
      if (result) return { principal: { subject: result.payload.sub! }, expiresAt: result.payload.exp! * 1000 };
    } catch (error) {
      throw explain(error);
    }
    throw unauthenticated(`tokens signed with ${algorithm === undefined ? 'no algorithm' : quoteInput(algorithm)} are not accepted`, 'TOKEN_INVALID');
  }
}

function explain(error: unknown): ShineError {
  const code = (error as { code?: string }).code;
  // fetch() failing to reach the JWKS endpoint is not the token's fault.
  const unreachable = error instanceof TypeError;
  switch (unreachable ? 'ERR_JWKS_TIMEOUT' : code) {
    case 'ERR_JWT_EXPIRED':
      return unauthenticated('the token has expired: sign in again', 'TOKEN_EXPIRED', error);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return unauthenticated(`the token is not valid here: ${(error as Error).message}`, 'TOKEN_INVALID', error);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return unauthenticated('the token signature does not verify', 'TOKEN_INVALID', error);
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return unauthenticated('the token was signed with a key the gateway does not know', 'TOKEN_INVALID', error);
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC':
      return new ShineError(Code.UNAVAILABLE, 'the signing keys could not be fetched; try again later', { reason: 'JWKS_UNAVAILABLE', cause: error });
    default:
      return unauthenticated('the token is not valid', 'TOKEN_INVALID', error);
  }
}

/** The token of an `Authorization: Bearer …` header; undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"', 'TOKEN_INVALID');
  return match[1];
}

import { SignJWT } from 'jose';
import { testSecret } from './test-stack.ts';

/** An HS256 token for `subject`, signed with the test stack's secret; `expiresIn` as jose reads it ("5m", or a past epoch). */
export function hs256Token(subject: string, expiresIn: string | number = '5m', secret = testSecret): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

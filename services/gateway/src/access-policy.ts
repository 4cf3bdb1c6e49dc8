import type { DescField, Message } from '@bufbuild/protobuf';
import { Code, quoteInput, ShineError } from '@shine/platform';
import type { Principal } from './jwt-auth.ts';
import type { RpcRoute } from './rpc-route.ts';

export interface AccessPolicyOptions {
  /** The request field that names whose data a call touches. */
  subjectField: string;
  /** Template prefixes whose routes always need a token (a subject's own data). */
  protectedPrefixes: readonly string[];
  /** Templates that are always guest calls, whatever token comes with them (the legacy app's route). */
  guestTemplates: readonly string[];
}

export const defaultAccessPolicy: AccessPolicyOptions = {
  subjectField: 'subject_id',
  protectedPrefixes: ['/v1/subjects/'],
  guestTemplates: ['/api/v2/analyze/guest'],
};

/** What a route demands, worked out once at start. */
export interface RouteAccess {
  /** Refuse before reading the body when no valid token came. */
  tokenRequired: boolean;
  /** Ignore any token and refuse a request that names a subject. */
  guestOnly: boolean;
  /** The request field naming the subject, when the request message has one. */
  subjectField: DescField | undefined;
  /**
   * The path segment that names the subject, for templates that name it inside a resource name
   * (an AIP-style `name=subjects/…/shelves/…`): the wildcard after the literal "subjects".
   */
  subjectSegment: number | undefined;
}

export function routeAccess(route: RpcRoute, options: AccessPolicyOptions): RouteAccess {
  const { source, segments } = route.template;
  const subjectField = route.method.input.fields.find((field) => field.name === options.subjectField && field.fieldKind === 'scalar');
  // The paths a template can match, variables spelled out: "/v1/{name=subjects/*}" is "/v1/subjects/*",
  // so how a template is written cannot take it out from under a protected prefix.
  const expanded = `/${segments.map((segment) => (segment.kind === 'literal' ? segment.value : segment.kind === 'wildcard' ? '*' : '**')).join('/')}`;
  const tokenRequired = options.protectedPrefixes.some((prefix) => expanded.startsWith(prefix));
  const named = segments.findIndex((segment, index) => segment.kind === 'literal' && segment.value === 'subjects' && segments[index + 1]?.kind === 'wildcard');
  return {
    tokenRequired,
    guestOnly: options.guestTemplates.includes(source),
    subjectField,
    subjectSegment: tokenRequired && named >= 0 ? named + 1 : undefined,
  };
}

export const tokenMissing = () =>
  new ShineError(Code.UNAUTHENTICATED, 'this route needs a bearer token: send "Authorization: Bearer <token>"', { reason: 'TOKEN_MISSING' });

/**
 * A subject's data is only for that subject: a request naming a subject (in its subject field or
 * its path) needs a token whose `sub` is that subject. A request naming none is a guest call,
 * allowed without a token. `pathSegments` are the request path's segments, still percent-encoded.
 */
export function authorize(access: RouteAccess, principal: Principal | undefined, request: Message, pathSegments: readonly string[] = []): void {
  const inField = access.subjectField ? String((request as unknown as Record<string, unknown>)[access.subjectField.localName] ?? '') : '';
  const inPath = access.subjectSegment === undefined ? '' : decodeSegment(pathSegments[access.subjectSegment] ?? '');
  if (inField !== '' && inPath !== '' && inField !== inPath) {
    throw new ShineError(Code.INVALID_ARGUMENT, `the path names subject ${quoteInput(inPath)} but ${access.subjectField!.jsonName} is ${quoteInput(inField)}`, { reason: 'SUBJECT_MISMATCH' });
  }
  const subject = inField || inPath;
  if (access.guestOnly) {
    if (subject !== '') {
      throw new ShineError(Code.INVALID_ARGUMENT, `this route is for guests and takes no ${access.subjectField?.jsonName}: use the subject's own route with a token`, {
        reason: 'GUEST_ROUTE',
      });
    }
    return;
  }
  if (access.tokenRequired && !principal) throw tokenMissing();
  if (subject === '') return;
  if (!principal) {
    throw new ShineError(Code.UNAUTHENTICATED, `a request for subject ${quoteInput(subject)} needs that subject's bearer token`, { reason: 'TOKEN_MISSING' });
  }
  if (principal.subject !== subject) {
    throw new ShineError(Code.PERMISSION_DENIED, `this token is for subject ${quoteInput(principal.subject)}; another subject's data (${quoteInput(subject)}) needs that subject's own token`, {
      reason: 'SUBJECT_MISMATCH',
    });
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

import { editDistance } from '@shine/platform';
import { decodeSegment, type PathTemplate } from './path-template.ts';

/** A route to compile: an HTTP method and template, carrying whatever the caller attaches. */
export interface RouteEntry<Target> {
  httpMethod: string;
  template: PathTemplate;
  target: Target;
}

export type RouteMatch<Target> =
  | { kind: 'found'; entry: RouteEntry<Target>; segments: readonly string[] }
  /** The path exists, but not for this HTTP method: a 405 with these in `Allow`. */
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
  | { kind: 'not-found' };

/** Routes ending at one trie position, by verb and then by HTTP method. */
type Leaves<Target> = Map<string, Map<string, RouteEntry<Target>>>;

interface TrieNode<Target> {
  literals: Map<string, TrieNode<Target>>;
  wildcard: TrieNode<Target> | undefined;
  /** Routes whose template ends here. */
  leaves: Leaves<Target>;
  /** Routes whose template ends here with `**`, which takes zero or more further segments. */
  deep: Leaves<Target>;
}

const newNode = <Target>(): TrieNode<Target> => ({ literals: new Map(), wildcard: undefined, leaves: new Map(), deep: new Map() });

/**
 * Every route compiled once into a segment trie. Matching walks the raw path segments, preferring a
 * literal over `*` over `**` at each step and backtracking when a branch dead-ends, so the most
 * specific template wins whatever the order of the annotations.
 */
export class RouteTable<Target> {
  private readonly root: TrieNode<Target> = newNode();
  private readonly entries: RouteEntry<Target>[] = [];

  constructor(entries: Iterable<RouteEntry<Target>> = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: RouteEntry<Target>): void {
    let node = this.root;
    let leaves = node.leaves;
    for (const segment of entry.template.segments) {
      if (segment.kind === 'deep') {
        leaves = node.deep;
        break;
      }
      const next: TrieNode<Target> =
        segment.kind === 'literal'
          ? (node.literals.get(segment.value) ?? node.literals.set(segment.value, newNode()).get(segment.value)!)
          : (node.wildcard ??= newNode());
      node = next;
      leaves = node.leaves;
    }
    const byMethod = leaves.get(entry.template.verb) ?? leaves.set(entry.template.verb, new Map()).get(entry.template.verb)!;
    const existing = byMethod.get(entry.httpMethod);
    if (existing) {
      throw new Error(`${entry.httpMethod} ${entry.template.source} conflicts with ${existing.httpMethod} ${existing.template.source}`);
    }
    byMethod.set(entry.httpMethod, entry);
    this.entries.push(entry);
  }

  /**
   * For a 404: the route a path that matched none most likely meant, when exactly one of its words
   * (a literal segment, or the custom method after ":") is a near miss, up to two letters off, and
   * the rest fit: "/v1/palette" -> the route of "/v1/palettes", one for this HTTP method first.
   * Undefined when nothing is that close.
   */
  nearest(httpMethod: string, rawPath: string): RouteEntry<Target> | undefined {
    const segments = rawPath.slice(1).split('/').map(safeDecode);
    const last = segments.at(-1)!;
    const colon = last.lastIndexOf(':');
    const verb = colon < 0 ? '' : last.slice(colon + 1);
    if (colon >= 0) segments[segments.length - 1] = last.slice(0, colon);
    let best: { entry: RouteEntry<Target>; score: number } | undefined;
    for (const entry of this.entries) {
      const template = entry.template.segments;
      if (template.length !== segments.length || template.some((segment) => segment.kind === 'deep')) continue;
      // The custom method is one more word: "recommendation:watch" means the watch, not the unary call.
      let distance = nearMiss(entry.template.verb, verb, 0);
      for (let index = 0; index < template.length && distance <= 2; index++) {
        const expected = template[index]!;
        if (expected.kind !== 'literal') {
          if (segments[index] === '') distance = 3;
        } else {
          distance = nearMiss(expected.value, segments[index]!, distance);
        }
      }
      const score = distance * 2 + (entry.httpMethod === httpMethod ? 0 : 1);
      if (distance > 0 && distance <= 2 && (!best || score < best.score)) best = { entry, score };
    }
    return best?.entry;
  }

  /** Matches a raw request path (no query string), still percent-encoded, e.g. "/v1/shelves/a%2Fb". */
  match(httpMethod: string, rawPath: string): RouteMatch<Target> {
    const segments = rawPath.slice(1).split('/');
    const last = segments.length - 1;
    const lastSegment = segments[last]!;
    const colon = lastSegment.lastIndexOf(':');
    // The methods other routes at this path take, for a 405; filled only when the method misses.
    const allowed: string[] = [];
    // A ":" in the last segment may start a verb, or may just be part of a value: try the verb first.
    if (colon >= 0) {
      const withoutVerb = segments.slice();
      withoutVerb[last] = lastSegment.slice(0, colon);
      const entry = find(this.root, withoutVerb, 0, lastSegment.slice(colon + 1), httpMethod, allowed);
      if (entry) return { kind: 'found', entry, segments: withoutVerb };
      // The path names a custom method that takes other HTTP methods (GET on a POST ":move"): say
      // so, rather than read ":move" as part of a resource id.
      if (allowed.length > 0) return { kind: 'method-not-allowed', allowed: sortedUnique(allowed) };
    }
    const entry = find(this.root, segments, 0, '', httpMethod, allowed);
    if (entry) return { kind: 'found', entry, segments };
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed: sortedUnique(allowed) } : { kind: 'not-found' };
  }
}

const sortedUnique = (values: readonly string[]) => [...new Set(values)].sort();

function find<Target>(
  node: TrieNode<Target>,
  segments: readonly string[],
  index: number,
  verb: string,
  httpMethod: string,
  allowed: string[],
): RouteEntry<Target> | undefined {
  if (index === segments.length) {
    const found = pick(node.leaves, verb, httpMethod, allowed);
    if (found) return found;
  } else {
    const segment = segments[index]!;
    const literal = node.literals.get(segment) ?? (segment.includes('%') ? node.literals.get(safeDecode(segment)) : undefined);
    const viaLiteral = literal && find(literal, segments, index + 1, verb, httpMethod, allowed);
    if (viaLiteral) return viaLiteral;
    // `*` takes one non-empty segment: "/v1/shelves//books" names no shelf.
    const viaWildcard = node.wildcard && segment !== '' && find(node.wildcard, segments, index + 1, verb, httpMethod, allowed);
    if (viaWildcard) return viaWildcard;
  }
  return pick(node.deep, verb, httpMethod, allowed);
}

function pick<Target>(leaves: Leaves<Target>, verb: string, httpMethod: string, allowed: string[]): RouteEntry<Target> | undefined {
  const byMethod = leaves.get(verb);
  if (!byMethod) return undefined;
  const entry = byMethod.get(httpMethod) ?? (httpMethod === 'HEAD' ? byMethod.get('GET') : undefined);
  if (!entry) for (const method of byMethod.keys()) allowed.push(method);
  return entry;
}

/**
 * The distance so far after comparing one more word: at most one word may be off, by at most two
 * letters (3 means too far). Lengths further apart than that are not compared at all, so a 404 for
 * a 16 KB segment costs no 16 KB-by-word distance.
 */
function nearMiss(expected: string, actual: string, distanceSoFar: number): number {
  if (expected === actual) return distanceSoFar;
  if (distanceSoFar > 0 || Math.abs(expected.length - actual.length) > 2) return 3;
  return editDistance(expected, actual);
}

function safeDecode(segment: string): string {
  try {
    return decodeSegment(segment);
  } catch {
    return segment;
  }
}

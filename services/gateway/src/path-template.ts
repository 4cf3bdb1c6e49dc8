/**
 * The `google.api.http` path template grammar (google/api/http.proto):
 *
 *   Template = "/" Segments [ Verb ] ;
 *   Segments = Segment { "/" Segment } ;
 *   Segment  = "*" | "**" | LITERAL | Variable ;
 *   Variable = "{" FieldPath [ "=" Segments ] "}" ;
 *   FieldPath = IDENT { "." IDENT } ;
 *   Verb     = ":" LITERAL ;
 *
 * As in grpc-gateway and Envoy, `**` may only be the last segment, which keeps matching linear.
 */
export type TemplateSegment = { kind: 'literal'; value: string } | { kind: 'wildcard' } | { kind: 'deep' };

export interface TemplateVariable {
  /** The request field the value goes to, e.g. ["book", "name"] for `{book.name=shelves/*}`. */
  fieldPath: readonly string[];
  /** Index of the first path segment the variable covers. */
  start: number;
  /** Index one past its last segment; undefined when it ends with `**` and runs to the end of the path. */
  end: number | undefined;
  /** The pattern after `=` as written (`*` when omitted), for messages and OpenAPI. */
  pattern: string;
}

export interface PathTemplate {
  readonly source: string;
  readonly segments: readonly TemplateSegment[];
  /** The custom method after `:`, e.g. "watch"; empty when there is none. */
  readonly verb: string;
  readonly variables: readonly TemplateVariable[];
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a template, throwing an Error that names the template and what is wrong with it. */
export function parsePathTemplate(source: string): PathTemplate {
  const fail = (problem: string): never => {
    throw new Error(`invalid path template "${source}": ${problem}`);
  };
  if (!source.startsWith('/')) fail('it must start with "/"');

  let path = source.slice(1);
  let verb = '';
  // The verb follows the last ":" outside braces; a ":" inside `{...}` belongs to no verb.
  const lastBrace = path.lastIndexOf('}');
  const colon = path.indexOf(':', lastBrace + 1);
  if (colon >= 0) {
    verb = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (verb === '' || verb.includes('/') || verb.includes(':')) fail('the verb after ":" must be one literal');
  }

  const segments: TemplateSegment[] = [];
  const variables: TemplateVariable[] = [];
  let position = 0;
  while (position <= path.length) {
    if (path[position] === '{') {
      const close = path.indexOf('}', position);
      if (close < 0) fail('a "{" is not closed');
      const inner = path.slice(position + 1, close);
      const [fieldText = '', pattern = '*', ...extra] = inner.split('=');
      if (extra.length > 0) fail(`variable "${inner}" has more than one "="`);
      const fieldPath = fieldText.split('.');
      if (!fieldPath.every((part) => identifier.test(part))) fail(`"${fieldText}" is not a field path`);
      if (variables.some((variable) => variable.fieldPath.join('.') === fieldText)) fail(`field "${fieldText}" is bound twice`);
      const start = segments.length;
      for (const part of pattern.split('/')) segments.push(parseSegment(part, fail, true));
      const deep = segments.at(-1)?.kind === 'deep';
      variables.push({ fieldPath, start, end: deep ? undefined : segments.length, pattern });
      position = close + 1;
      if (position < path.length && path[position] !== '/') fail('a variable must fill whole segments');
      position += 1;
    } else {
      const slash = path.indexOf('/', position);
      const end = slash < 0 ? path.length : slash;
      segments.push(parseSegment(path.slice(position, end), fail, false));
      position = end + 1;
    }
  }
  segments.forEach((segment, index) => {
    if (segment.kind === 'deep' && index !== segments.length - 1) fail('"**" may only be the last segment');
  });
  return { source, segments, verb, variables };
}

function parseSegment(text: string, fail: (problem: string) => never, inVariable: boolean): TemplateSegment {
  if (text === '*') return { kind: 'wildcard' };
  if (text === '**') return { kind: 'deep' };
  if (text === '') return fail('empty segment');
  if (/[{}*=:]/.test(text)) return fail(`"${text}" is not a literal segment${inVariable ? ' inside a variable' : ''}`);
  return { kind: 'literal', value: text };
}

/**
 * The value of a variable from the raw path segments it covers, percent-decoded. A one-segment
 * variable decodes everything; a multi-segment one keeps "%2F" as it is, as http.proto prescribes,
 * so an escaped slash stays distinguishable from a real one.
 */
export function variableValue(variable: TemplateVariable, segments: readonly string[]): string {
  const covered = segments.slice(variable.start, variable.end);
  const singleSegment = variable.end !== undefined && variable.end - variable.start === 1;
  if (singleSegment) return decodeSegment(covered[0] ?? '');
  return covered.map((segment) => decodeSegment(segment, true)).join('/');
}

/** Percent-decodes one segment; throws URIError on a malformed escape. */
export function decodeSegment(segment: string, keepEscapedSlash = false): string {
  if (!segment.includes('%')) return segment;
  if (!keepEscapedSlash) return decodeURIComponent(segment);
  return segment
    .split(/(%2[Ff])/)
    .map((part, index) => (index % 2 === 1 ? part : decodeURIComponent(part)))
    .join('');
}

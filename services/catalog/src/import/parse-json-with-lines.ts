import { FileSyntaxError } from './file-syntax-error.ts';

/** A parsed JSON document plus the line (1-based) on which each of its objects and arrays starts. */
export interface JsonWithLines {
  value: unknown;
  lineOf(node: object): number | undefined;
}

/**
 * JSON.parse, but remembering where each object starts, so an import can say "line 214: shades[3].hex
 * …" for a JSON file as it does for CSV. Strings and numbers are still read by JSON.parse itself.
 */
export function parseJsonWithLines(text: string): JsonWithLines {
  const lines = new WeakMap<object, number>();
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new FileSyntaxError(line, message);
  };
  const skipWhitespace = () => {
    for (;;) {
      const char = text[index];
      if (char === '\n') line++;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
      index++;
    }
  };
  const expect = (char: string) => {
    skipWhitespace();
    if (text[index] !== char) fail(`expected ${JSON.stringify(char)} but found ${describe(text[index])}`);
    index++;
  };

  const parseValue = (): unknown => {
    skipWhitespace();
    const char = text[index];
    if (char === '{') return parseObject();
    if (char === '[') return parseArray();
    if (char === '"') return parseString();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(index, index + 64));
    if (!literal) return fail(`unexpected ${describe(char)}`);
    index += literal[0].length;
    return JSON.parse(literal[0]);
  };

  const parseString = (): string => {
    const start = index;
    index++;
    for (;;) {
      const char = text[index];
      if (char === undefined || char === '\n') return fail('a string is never closed');
      if (char === '\\') index += 2;
      else if (char === '"') break;
      else index++;
    }
    index++;
    try {
      return JSON.parse(text.slice(start, index)) as string;
    } catch {
      return fail('a string has an invalid escape');
    }
  };

  const parseObject = (): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    lines.set(object, line);
    index++;
    skipWhitespace();
    if (text[index] === '}') {
      index++;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text[index] !== '"') fail(`expected a property name in double quotes but found ${describe(text[index])}`);
      const key = parseString();
      expect(':');
      Object.defineProperty(object, key, { value: parseValue(), enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (text[index] === ',') {
        index++;
        continue;
      }
      expect('}');
      return object;
    }
  };

  const parseArray = (): unknown[] => {
    const array: unknown[] = [];
    lines.set(array, line);
    index++;
    skipWhitespace();
    if (text[index] === ']') {
      index++;
      return array;
    }
    for (;;) {
      array.push(parseValue());
      skipWhitespace();
      if (text[index] === ',') {
        index++;
        continue;
      }
      expect(']');
      return array;
    }
  };

  const value = parseValue();
  skipWhitespace();
  if (index < text.length) fail(`unexpected ${describe(text[index])} after the end of the document`);
  return { value, lineOf: (node) => lines.get(node) };
}

function describe(char: string | undefined): string {
  return char === undefined ? 'the end of the file' : JSON.stringify(char);
}

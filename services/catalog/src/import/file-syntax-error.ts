/** Thrown for a file that is not CSV or JSON at all (an unterminated quote, a missing brace); carries the line. */
export class FileSyntaxError extends Error {
  override name = 'FileSyntaxError';
  /** 1-based. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

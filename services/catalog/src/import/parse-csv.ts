import { FileSyntaxError } from './file-syntax-error.ts';

/** One CSV record: its cells and the line of the file it starts on (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (which may hold commas, quotes
 * doubled, and line breaks), CRLF or LF. Blank lines are skipped. A byte-order mark is ignored.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (index < text.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quotedLine = 0;
    let endOfRecord = false;
    while (!endOfRecord) {
      const char = text[index];
      if (char === undefined) {
        cells.push(cell);
        break;
      }
      if (char === '"' && cell === '' && quotedLine === 0) {
        quotedLine = line;
        index++;
        for (;;) {
          const quoted = text[index];
          if (quoted === undefined) throw new FileSyntaxError(quotedLine, 'a quoted field is never closed');
          if (quoted === '"') {
            if (text[index + 1] === '"') {
              cell += '"';
              index += 2;
              continue;
            }
            index++;
            break;
          }
          if (quoted === '\n') line++;
          cell += quoted;
          index++;
        }
        continue;
      }
      if (char === ',') {
        cells.push(cell);
        cell = '';
        quotedLine = 0;
        index++;
      } else if (char === '\n' || char === '\r') {
        cells.push(cell);
        index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        cell += char;
        index++;
      }
    }
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
  }
  return records;
}

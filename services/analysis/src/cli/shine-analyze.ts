// shine-analyze: analyse a photo from the command line, as the service would, and print the
// result for a person (or, with --json, the same JSON the REST API answers).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { analysisV1, restJsonOf } from '@shine/contracts';
import { codeName, ShineError } from '@shine/platform';
import { analyzePhoto } from '../analyze-photo.ts';
import { toMeasuredAnalysis } from '../analysis-message.ts';
import { DEFAULT_MAX_PIXELS } from '../decode-image.ts';
import { loadFaceModels } from '../face-models.ts';
import { formatAnalysis } from './format-analysis.ts';

const usage = `usage: shine-analyze <photo> [--json] [--backend auto|wasm|tensorflow]

Measures the skin tone in a photo of one face: Monk level (1-10), ITA°, undertone, confidence
and what to improve. --json prints the same JSON as the REST API (POST /v1/analyses).`;

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        backend: { type: 'string', default: 'auto' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // "Unknown option '--jsn'": say it in a line, with the usage, not a stack trace.
    console.error(`shine-analyze: ${(error as Error).message}\n\n${usage}`);
    process.exit(1);
  }
}
const { values, positionals } = parseCommandLine();

if (values.help || positionals.length !== 1) {
  console.error(usage);
  process.exit(values.help ? 0 : 1);
}

const path = positionals[0]!;
try {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${error.message}`);
  });
  const models = await loadFaceModels({ backend: values.backend });
  const result = await analyzePhoto(models, bytes, { maxPixels: DEFAULT_MAX_PIXELS });
  const analysis: analysisV1.Analysis = { ...toMeasuredAnalysis(result), id: '', subjectId: '', createTime: undefined, persisted: false, photoStored: false };
  if (values.json) {
    const json = restJsonOf('shine.analysis.v1.Analysis', analysisV1.Analysis.encode(analysis).finish());
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
    process.stdout.write(formatAnalysis(basename(path), analysis, { color }));
  }
  models.dispose();
} catch (error) {
  if (error instanceof ShineError) {
    console.error(`shine-analyze: ${path}: ${error.message} (${codeName(error.code)})`);
    process.exit(2);
  }
  console.error(`shine-analyze: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

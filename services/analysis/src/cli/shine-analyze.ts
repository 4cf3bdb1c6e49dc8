// shine-analyze: analyse photos from the command line, as the service would, models loaded once.
// For a person by default; with --json one line of JSON per photo (NDJSON): the REST answer, or
// the error REST would give. A photo that cannot be measured does not stop the run.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { analysisV1, restJsonOf } from '@shine/contracts';
import { Code, codeName, explainArgsError, ShineError, statusJson } from '@shine/platform';
import { analyzePhoto } from '../analyze-photo.ts';
import { toMeasuredAnalysis } from '../service/analysis-message.ts';
import { DEFAULT_MAX_PIXELS } from '../intake/decode-image.ts';
import { loadFaceModels, type FaceModels } from '../faces/face-models.ts';
import { formatAnalysis } from './format-analysis.ts';
import { listPhotos } from './list-photos.ts';

const usage = `usage: shine-analyze <photo or folder>... [--json] [--backend auto|wasm|tensorflow]

Measures the skin tone in photos of one face each: Monk level (1-10), ITA°, undertone, confidence
and what to improve. A folder stands for the photos in it (.jpg .png .webp .avif .heic).
--json prints one line of JSON per photo: {"file", "analysis"} with the REST API's analysis
(POST /v1/analyses), or {"file", "error"} with the error it would answer.
Exit status: 0 every photo measured, 2 one or more could not be (the others still are), 1 bad usage.`;

const options = {
  json: { type: 'boolean', default: false },
  backend: { type: 'string', default: 'auto' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseCommandLine() {
  try {
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    // "unknown option --jsn: did you mean --json?": in a line, with the usage, not a stack trace.
    console.error(`shine-analyze: ${explainArgsError(error, Object.keys(options))}\n\n${usage}`);
    process.exit(1);
  }
}

/** One photo's answer as the REST API would give it. */
async function analyze(models: FaceModels, path: string): Promise<analysisV1.Analysis> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    const what = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'a folder with no photos in it (.jpg .png .webp .avif .heic)' : `cannot read it (${error.message})`;
    throw new ShineError(Code.NOT_FOUND, `${what}: ${path}`, { reason: 'UNREADABLE_FILE' });
  });
  const result = await analyzePhoto(models, bytes, { maxPixels: DEFAULT_MAX_PIXELS });
  return { ...toMeasuredAnalysis(result), id: '', subjectId: '', createTime: undefined, persisted: false, photoStored: false };
}

const { values, positionals } = parseCommandLine();
if (values.help || positionals.length === 0) {
  console.error(usage);
  process.exit(values.help ? 0 : 1);
}

const photos = await listPhotos(positionals);
const models = await loadFaceModels({ backend: values.backend });
const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
let failed = 0;
for (const [index, path] of photos.entries()) {
  try {
    const analysis = await analyze(models, path);
    if (values.json) {
      const json = restJsonOf('shine.analysis.v1.Analysis', analysisV1.Analysis.encode(analysis).finish());
      process.stdout.write(`${JSON.stringify({ file: path, analysis: json })}\n`);
    } else {
      process.stdout.write(`${index > 0 ? '\n' : ''}${formatAnalysis(basename(path), analysis, { color })}`);
    }
  } catch (error) {
    if (!(error instanceof ShineError)) throw error;
    failed++;
    if (values.json) process.stdout.write(`{"file":${JSON.stringify(path)},"error":${statusJson({ code: error.code, message: error.message, reason: error.reason })}}\n`);
    else console.error(`shine-analyze: ${path}: ${error.message} (${codeName(error.code)})`);
  }
}
models.dispose();
if (photos.length > 1 && !values.json) console.error(`shine-analyze: ${photos.length - failed} of ${photos.length} photos measured`);
process.exit(failed > 0 ? 2 : 0);

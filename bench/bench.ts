// `npm run bench`: every service benchmark (`npm run bench:<name>`), each in its own process one
// after another, then the mixed load through the gateway (mixed-load.ts). Their progress goes to
// stderr; the last stdout line is one JSON object: the mixed load's figures, and each service
// benchmark's own last line under `service_benches.<name>`.
// About 10 minutes on 2 cores; --quick about 4.
//   --quick                    short service benchmarks and a smoke mixed load
//   --skip-service-benches     the mixed load only (also BENCH_SERVICES=0)
//   --soak                     the soak alone (see mixed-load.ts), no service benchmarks
// Other flags (--rate, --seconds, --minutes, --warmup-minutes, --max-rate) go to the mixed load.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { lastJsonLine } from './bench-output.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const soak = args.includes('--soak');
const skipServices = soak || args.includes('--skip-service-benches') || process.env['BENCH_SERVICES'] === '0';
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

// Each service benchmark as its package script runs it, with the knobs each one reads: `usual` keeps
// the whole run near 10 minutes (the gateway's 5 rounds alone take ~5), `quick` shortens it to a smoke
// run. Knobs set in the environment win over both.
const serviceBenches: ReadonlyArray<{ name: string; usual: Record<string, string>; quick: Record<string, string> }> = [
  { name: 'analysis', usual: {}, quick: { BENCH_ROUNDS: '3', BENCH_TRACING_ROUNDS: '1' } },
  { name: 'gateway', usual: { BENCH_ROUNDS: '2' }, quick: { BENCH_ROUNDS: '1', BENCH_SECONDS: '2', BENCH_PEER: '0', BENCH_TRACING: '0' } },
  { name: 'catalog', usual: {}, quick: {} },
  { name: 'events', usual: {}, quick: { BENCH_EVENTS_SECONDS: '5', BENCH_EVENTS_BACKLOG: '500' } },
];
const unlessSet = (knobs: Record<string, string>) => Object.fromEntries(Object.entries(knobs).filter(([name]) => process.env[name] === undefined));

/** Runs `command`, its output going to stderr line by line, and resolves with its last JSON line. */
async function runBench(label: string, command: string, commandArgs: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawn(command, commandArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    output += `${line}\n`;
    // Progress is shown as it comes; the JSON result goes into the combined line, not twice.
    if (!line.startsWith('{')) process.stderr.write(`${label}: ${line}\n`);
  });
  child.stderr!.pipe(process.stderr, { end: false });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])));
  if (code !== 0) throw new Error(`${label} exited with ${signal ?? code}`);
  return lastJsonLine(output);
}

const started = performance.now();
const serviceResults: Record<string, unknown> = {};
let failed = false;
for (const bench of skipServices ? [] : serviceBenches) {
  const benchStarted = performance.now();
  log(`bench:${bench.name}${quick ? ' (quick)' : ''}…`);
  try {
    serviceResults[bench.name] = await runBench(`bench:${bench.name}`, 'npm', ['run', '--silent', `bench:${bench.name}`], unlessSet(quick ? bench.quick : bench.usual));
  } catch (error) {
    // One broken benchmark must not hide the others' figures: it is named in the result, and the run fails.
    failed = true;
    serviceResults[bench.name] = { error: (error as Error).message };
  }
  log(`bench:${bench.name} took ${Math.round((performance.now() - benchStarted) / 1000)} s`);
}
const mixedArgs = args.filter((arg) => arg !== '--skip-service-benches');
let mixed: Record<string, unknown>;
try {
  mixed = await runBench('bench:mixed', process.execPath, [fileURLToPath(new URL('mixed-load.ts', import.meta.url)), ...mixedArgs], {});
} catch (error) {
  failed = true;
  mixed = { error: (error as Error).message };
}
console.log(JSON.stringify({ ...mixed, ...(skipServices ? {} : { service_benches: serviceResults }), total_s: Math.round((performance.now() - started) / 1000) }));
process.exit(failed ? 1 : 0);

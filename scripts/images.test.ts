// The service images without a container engine (none runs here): the Dockerfile read as a
// reviewer would, and its dependency stage done for real for one service, which must then start.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, untilReady } from '@shine/platform/testing';
import { SERVICE_NODE_ARGS } from '@shine/platform/service-node-args';

const root = fileURLToPath(new URL('..', import.meta.url));
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the service Dockerfile', () => {
  const steps = instructions(dockerfile);
  const stages = steps.reduce<{ keyword: string; args: string }[][]>((all, step) => {
    if (step.keyword === 'FROM') all.push([]);
    all.at(-1)?.push(step);
    return all;
  }, []);
  const final = stages.at(-1)!;

  it('builds on a pinned Node 24 slim image in two stages, the last without build tools or sources it does not run', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    assert.match(base ?? '', /^node:24\.\d+\.\d+-bookworm-slim$/, 'an exact Node 24 version, never a moving tag');
    assert.equal(stages.length, 2);
    assert.ok(steps.every((step) => step.keyword !== 'ADD'), 'COPY, not ADD');
    assert.match(stages[0]!.find((step) => step.keyword === 'RUN' && step.args.includes('npm ci'))?.args ?? '', /npm ci --omit=dev .*--workspace "services\/\$\{SERVICE\}"/);
  });

  it('runs as the unprivileged node user, writes only to /tmp, and says what it is', () => {
    assert.equal(final.filter((step) => step.keyword === 'USER').at(-1)?.args, 'node');
    assert.match(final.find((step) => step.keyword === 'ENV')?.args ?? '', /NODE_COMPILE_CACHE=\/tmp\//);
    const entrypoint = final.find((step) => step.keyword === 'ENTRYPOINT')?.args ?? '';
    assert.deepEqual(JSON.parse(entrypoint), ['node', ...SERVICE_NODE_ARGS, 'src/main.ts'], 'exec form (signals reach node), with the flags npm start and the tests use');
    const labels = final.filter((step) => step.keyword === 'LABEL').map((step) => step.args).join(' ');
    for (const label of ['title', 'source', 'version', 'revision', 'licenses']) assert.ok(labels.includes(`org.opencontainers.image.${label}=`), label);
  });

  it('leaves history, caches and local data out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', '.cache', '.data', 'artifacts']) assert.ok(ignored.includes(entry), entry);
  });
});

describe('an image\'s dependency stage, done without Docker', { timeout: 180_000 }, () => {
  const context = mkdtempSync(join(tmpdir(), 'shine-image-'));
  after(() => rmSync(context, { recursive: true, force: true }));

  it('installs one service\'s production dependencies only, and the service starts from them', async () => {
    // The build context: what git tracks (the .dockerignore leaves out only untracked things).
    for (const file of execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)) {
      const source = join(root, file);
      if (existsSync(source)) cpSync(source, join(context, file), { recursive: true });
    }
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--workspace', 'services/palette'], { cwd: context, stdio: 'ignore' });
    assert.ok(existsSync(join(context, 'node_modules/@shine/platform')), 'its workspace dependencies');
    for (const devOnly of ['typescript', 'playwright-core', 'esbuild', 'sharp']) assert.ok(!existsSync(join(context, 'node_modules', devOnly)), `no ${devOnly}`);
    const httpPort = await freePort();
    const service = spawn(process.execPath, ['--import', '@shine/platform/telemetry', 'src/main.ts'], {
      cwd: join(context, 'services/palette'),
      env: { PATH: dirname(process.execPath), NODE_ENV: 'production', NODE_COMPILE_CACHE: join(context, 'compile-cache'), GRPC_PORT: '0', HTTP_PORT: String(httpPort), BIND_HOST: '127.0.0.1' },
      stdio: 'ignore',
    });
    try {
      await untilReady(httpPort, { timeoutMs: 30_000, child: service });
    } finally {
      service.kill('SIGTERM');
    }
  });
});

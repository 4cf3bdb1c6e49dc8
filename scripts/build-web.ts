// `npm run build:web`: the page (web/) into web/dist/, which the gateway serves at / and which is committed
// (CI rebuilds it and fails when it drifts). Asset names carry a content hash, so they are cached
// for ever and index.html never is.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('../web/', import.meta.url));
const dist = `${here}dist`;
const hashed = (name: string, extension: string, bytes: Uint8Array) => `${name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${extension}`;

const bundled = await build({
  entryPoints: { app: `${here}src/main.tsx`, styles: `${here}src/styles.css` },
  bundle: true,
  write: false,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: dist,
  logLevel: 'warning',
});

rmSync(dist, { recursive: true, force: true });
mkdirSync(`${dist}/assets`, { recursive: true });
const names: Record<string, string> = {};
for (const file of bundled.outputFiles) {
  const [, name, extension] = /\/(\w+)\.(js|css)$/.exec(file.path)!;
  names[extension!] = hashed(name!, extension!, file.contents);
  writeFileSync(`${dist}/assets/${names[extension!]}`, file.contents);
}
copyFileSync(`${here}public/sample-portrait.jpg`, `${dist}/assets/sample-portrait.jpg`);
chmodSync(`${dist}/assets/sample-portrait.jpg`, 0o644);
const html = readFileSync(`${here}src/index.html`, 'utf8').replace('/assets/STYLES', `/assets/${names['css']}`).replace('/assets/SCRIPT', `/assets/${names['js']}`);
writeFileSync(`${dist}/index.html`, html);
process.stdout.write(`web: dist/index.html, assets/${names['js']}, assets/${names['css']}\n`);

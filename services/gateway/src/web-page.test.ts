import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

let stack: TestStack;
before(async () => {
  stack = await startTestStack();
});
after(() => stack.close());

describe('the web page at /', () => {
  it('serves the page with a strict Content-Security-Policy, never cached, its assets from this origin only', async () => {
    const page = await fetch(stack.url('/'));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), directive);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await page.text();
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    assert.equal(assets.length, 2, 'one script, one stylesheet');
    for (const path of assets) {
      const file = await fetch(stack.url(path));
      assert.equal(file.status, 200, path);
      assert.equal(file.headers.get('cache-control'), 'public, max-age=31536000, immutable', 'named by their content, cached for good');
      assert.doesNotMatch(await file.text(), /https?:\/\/(?!www\.w3\.org)/, `${path} calls no other origin`);
    }
  });

  it('serves the sample photo, and answers a missing asset with a JSON 404', async () => {
    const sample = await fetch(stack.url('/assets/sample-portrait.jpg'));
    assert.equal(sample.status, 200);
    assert.equal(sample.headers.get('content-type'), 'image/jpeg');
    const missing = await fetch(stack.url('/assets/nope.js'));
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { message: string }).message, /no file "\/assets\/nope\.js"/);
  });
});

// The page as a person uses it, in Debian's headless Chromium: every service a process behind the
// gateway, a phone-sized and a desktop window, a real photo.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testPhotoPath } from '@shine/analysis/src/testing/test-photos.ts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startShineStack, type ShineStack } from './support/shine-stack.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const axeSource = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');
// Outside CI a machine without Chromium skips this suite, saying why; CI installs it (.ci/run).
const skip = !existsSync(CHROMIUM) && !process.env['CI'] ? `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)` : false;

describe('the web page in a browser', { skip, timeout: 300_000 }, () => {
  let stack: ShineStack;
  let browser: Browser;
  let origin: string;
  let token: string;

  before(async () => {
    stack = await startShineStack();
    origin = stack.origin;
    token = await stack.token('browser-subject');
    // A fake camera (Chromium's test pattern) stands in for a person in front of one.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
    mkdirSync(artifacts, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A page at a window size that records console errors and every request to another origin. */
  async function open(width: number, height: number, options: { bypassCSP?: boolean } = {}): Promise<{ page: Page; errors: string[]; foreign: string[] }> {
    const page = await browser.newPage({ viewport: { width, height }, ...options });
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
    });
    await page.goto(`${origin}/`);
    return { page, errors, foreign };
  }

  for (const [width, height] of [
    [360, 800],
    [1280, 800],
  ] as const) {
    it(`measures an uploaded photo and shows its level, colours and shades at ${width}×${height}`, async () => {
      const { page, errors, foreign } = await open(width, height);
      await page.getByLabel('Choose or take a photo').setInputFiles(testPhotoPath('messi5.jpg'));
      await page.getByRole('heading', { name: /^Your colours: / }).waitFor({ timeout: 30_000 });
      await page.locator('ol.shades li').first().waitFor({ timeout: 30_000 });
      const level = await page.locator('.measured strong').textContent();
      assert.match(level ?? '', /^Monk level \d{1,2}$/);
      assert.equal(await page.locator('.monk-scale li').count(), 10, 'the ten Monk swatches');
      assert.equal(await page.locator('svg .face-box').count(), 1, 'the face drawn over the photo');
      const caption = (await page.locator('.photo figcaption').textContent()) ?? '';
      const sampled = Number(/the (\d) skin regions? sampled/.exec(caption)?.[1]);
      assert.ok(sampled >= 1);
      // The regions named are the ones sampled, not the four there can be.
      assert.equal(/sampled \((.*)\)\.$/.exec(caption)?.[1]?.split(/, | and /).length, sampled, caption);
      assert.equal(await page.locator('svg .region-box').count(), sampled, 'and each skin region sampled');
      assert.equal(await page.locator('.monk-scale li[aria-current="true"]').count(), 1, 'one level marked');
      assert.equal(await page.locator('.scale-caption').textContent(), 'The bars: how likely each level is for your skin.', 'the bars say what they are');
      assert.ok((await page.locator('.swatches li').count()) > 10, 'palette swatches');
      // The priced shades, a handful, come before the long palette, not after ~60 swatches on a phone.
      const shadesTop = (await page.locator('ol.shades').boundingBox())!.y;
      const coloursTop = (await page.getByRole('heading', { name: /^Your colours: / }).boundingBox())!.y;
      assert.ok(shadesTop < coloursTop, `shades at ${shadesTop} px, colours at ${coloursTop} px`);
      assert.match((await page.locator('ol.shades li').first().textContent()) ?? '', /ΔE00 \d+\.\d: /);
      // The list is ranked by ΔE00 plus a small undertone penalty: wherever a nearer shade comes later,
      // its line says its undertone differs, so the order a person sees is explained on the page.
      const ranked = (await page.locator('ol.shades li').allTextContents()).map((text) => ({
        deltaE: Number(/ΔE00 (\d+\.\d)/.exec(text)?.[1]),
        penalty: /undertone leans the other way/.test(text) ? 1.5 : /undertone near yours/.test(text) ? 0.5 : 0,
        text,
      }));
      // Every seeded foundation shade and every measured skin has an undertone: each line says how they sit.
      assert.ok(ranked.every(({ text }) => /same undertone|undertone near yours|undertone leans the other way/.test(text)), ranked.map(({ text }) => text).join('\n'));
      for (const [index, later] of ranked.entries()) {
        for (const earlier of ranked.slice(0, index)) {
          if (later.deltaE < earlier.deltaE - 0.1) assert.ok(later.penalty > earlier.penalty, `"${later.text}" is nearer than "${earlier.text}" yet listed after it, and says nothing of why`);
        }
      }
      await page.getByText(/ · [A-Z]{3} \d+\.\d\d$/).first().waitFor({ timeout: 15_000 });
      const shown = await page.locator('ol.shades li').count();
      // A budget is in one currency, and the server finds the best shades within it: as many as before,
      // every one priced in that currency and within it (not the best shades with the dearer ones hidden).
      const currencies = await Promise.all((await page.getByLabel('Price').locator('optgroup').all()).map((group) => group.getAttribute('label')));
      const limitCurrency = currencies.includes('USD') ? 'USD' : currencies[0]!;
      assert.ok(limitCurrency, 'a budget is offered in the currencies the matches are priced in');
      const pricesShown = async () => (await page.locator('ol.shades li').allTextContents()).map((text) => / ([A-Z]{3}) (\d+\.\d\d)$/.exec(text));
      assert.ok((await pricesShown()).some((price) => price?.[1] !== limitCurrency || Number(price[2]) > 25), 'some nearest shades cost more (else the budget proves nothing)');
      await page.getByLabel('Price').selectOption(`${limitCurrency} 25`);
      await page.locator('ol.shades[aria-busy="false"]').waitFor({ timeout: 15_000 });
      const prices = await pricesShown();
      assert.ok(prices.every((price) => price?.[1] === limitCurrency && Number(price[2]) <= 25), `only ${limitCurrency} shades up to 25: ${prices.map((price) => price?.slice(1).join(' ')).join(', ')}`);
      assert.equal(prices.length, shown, 'a budget still finds as many shades');
      await page.screenshot({ path: `${artifacts}page-${width}.png`, fullPage: true });
      assert.deepEqual(errors, [], 'no console error');
      assert.deepEqual(foreign, [], 'no request to another origin');
    });
  }

  it('says in the API\'s words, as a sentence, why a file that is not a photo was refused, with no earlier result left below', async () => {
    const { page } = await open(1280, 800);
    await page.getByLabel('Choose or take a photo').setInputFiles(testPhotoPath('messi5.jpg'));
    await page.locator('.measured strong').waitFor({ timeout: 30_000 });
    await page.getByLabel('Choose or take a photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo at all') });
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent()) ?? '', /^This file is not an image: .*(JPEG|PNG).*\.$/);
    // The photo before's level under this refusal would read as this file's.
    assert.equal(await page.locator('.measured').count(), 0, 'the earlier result is gone');
  });

  it('takes a photo with the camera and sends it; a frame with no face gets the API\'s sentence', async () => {
    const { page, errors } = await open(1280, 800);
    await page.getByRole('button', { name: 'Use the camera' }).click();
    await page.getByLabel('What the camera sees').waitFor();
    await page.waitForFunction(() => ((globalThis as unknown as { document: { querySelector(selector: string): { videoWidth: number } | null } }).document.querySelector('video')?.videoWidth ?? 0) > 0);
    await page.getByRole('button', { name: 'Take the photo' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent()) ?? '', /face/i, 'the test pattern holds no face, and the API says so');
    assert.equal(await page.getByLabel('What the camera sees').count(), 0, 'the camera is closed once the photo is taken');
    assert.deepEqual(errors.filter((error) => !/status of 422|status of 400/.test(error)), [], 'no console error beyond the refusal itself');
  });

  it('shows a signed-in subject\'s recommendations arriving live after an upload, and deletes their data', async () => {
    const { page, errors } = await open(1280, 800);
    await page.getByLabel(/^Token/).fill(token);
    await page.getByText('Signed in as browser-subject').waitFor();
    await page.getByText(/No recommendations yet/).waitFor();
    await page.getByRole('button', { name: 'Try a sample photo' }).click();
    await page.getByRole('heading', { name: /^Recommended for you \([a-z]+ [a-z]+ colouring\)$/ }).waitFor({ timeout: 30_000 });
    // Every recommended shade (three in each skin category) is shown, each with its reason in words.
    assert.equal(await page.locator('.live ul.shades li').count(), 9);
    await page.locator('ul.history li').first().waitFor();
    assert.match((await page.locator('ul.history li').first().textContent()) ?? '', /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}: Monk \d+/);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete my data' }).click();
    await page.getByText(/^Deleted 1 analysis and 0 photos of browser-subject\./).waitFor({ timeout: 15_000 });
    await page.getByText('None.').waitFor();
    assert.deepEqual(errors, []);
  });

  it('passes an accessibility check (axe-core, WCAG 2 A and AA) with a result on screen', async () => {
    // The checker is injected as an inline script, which the page's own policy rightly refuses.
    const { page } = await open(1280, 800, { bypassCSP: true });
    await page.getByRole('button', { name: 'Try a sample photo' }).click();
    await page.locator('ol.shades li').first().waitFor({ timeout: 30_000 });
    // The README's picture (docs/shine-page.png is its top, cropped): the public-domain sample photo.
    await page.screenshot({ path: `${artifacts}page-sample-1280.png`, fullPage: true });
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
      const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
      return result.violations.map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length} nodes)`);
    });
    assert.deepEqual(violations, []);
  });
});

/**
 * First load of the UI on an empty engine, in Chromium against the web host:
 * navigation start → the Containers page's empty state painted (the frame
 * after it is in the DOM), read in the page itself, with an empty cache
 * (a new browser context each round) and with a warm one (a reload: the
 * hashed script, stylesheet and chunks come from the cache), and the first
 * contentful paint (the shell, before the engine's first answer). Also the bytes
 * of script fetched before that paint. Baseline, same run: a plain HTML page
 * with one heading, served by a bare Node HTTP server on loopback, navigation
 * → its first paint. Needs `npm run build` first. `npm run bench first-load`.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { median, type BenchResult } from './stats.js';
import { openWorld } from './world.js';

const ROUNDS = 7;
const EMPTY_STATE = 'No containers yet';

/**
 * Before any script of the page runs: note when `text` is first on the page, then when the frame after it
 * is drawn. Plain JavaScript text, not a function of this file: tsx would wrap its inner functions in a
 * helper the page lacks.
 */
const watchFor = (text: string) => `(() => {
  const text = ${JSON.stringify(text)};
  const check = () => {
    if (!document.body || !document.body.textContent.includes(text)) return false;
    requestAnimationFrame(() => setTimeout(() => (window.berthPainted = performance.now()), 0));
    return true;
  };
  const start = () => {
    if (check()) return;
    const seen = new MutationObserver(() => check() && seen.disconnect());
    seen.observe(document, { childList: true, subtree: true, characterData: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();`;

/** Navigation start → the watched text painted, in the page's own clock. */
async function paintedAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { berthPainted?: number }).berthPainted, undefined, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

/** Navigation start → the browser's first contentful paint (the shell: sidebar and page header). */
function firstContentfulPaint(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
}

/** Bytes of script the page had fetched (from the network) when it painted the watched text. */
function scriptBytesBefore(page: Page, painted: number): Promise<number> {
  return page.evaluate(
    (at) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime <= at && /\.js(\?|$)/.test(e.name))
        .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
    painted,
  );
}

export async function benchFirstLoad(): Promise<BenchResult[]> {
  const world = await openWorld();
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><title>Bare</title><h1>${EMPTY_STATE}</h1></html>`);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const cold: number[] = [];
  const coldFcp: number[] = [];
  const warm: number[] = [];
  const base: number[] = [];
  const scriptBytes: number[] = [];
  const contexts: BrowserContext[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const baseContext = await world.browser.newContext();
      contexts.push(baseContext);
      const basePage = await baseContext.newPage();
      await basePage.addInitScript({ content: watchFor(EMPTY_STATE) });
      await basePage.goto(bareUrl);
      base.push(await paintedAt(basePage));
      await baseContext.close();

      const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.addInitScript({ content: watchFor(EMPTY_STATE) });
      await page.goto(`${world.host.url}#/containers`);
      const painted = await paintedAt(page);
      cold.push(painted);
      coldFcp.push(await firstContentfulPaint(page));
      scriptBytes.push(await scriptBytesBefore(page, painted));
      await page.reload();
      warm.push(await paintedAt(page));
      await context.close();
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    bare.close();
    await world.close();
  }
  console.log(`  (script fetched before the first paint on a cold load: median ${Math.round(median(scriptBytes)).toLocaleString('en')} bytes)`);
  const baseline = { label: 'a plain HTML page from a bare Node server: navigation → first paint', samples: base, median: median(base) };
  return [
    {
      name: 'first load on an empty engine, empty cache',
      unit: 'ms',
      subject: { label: 'Berth UI: navigation → the Containers empty state painted', samples: cold, median: median(cold) },
      baseline,
    },
    {
      name: 'first contentful paint on an empty engine, empty cache',
      unit: 'ms',
      subject: { label: 'Berth UI: navigation → first contentful paint (the shell)', samples: coldFcp, median: median(coldFcp) },
      baseline,
    },
    {
      name: 'first load on an empty engine, warm cache (reload)',
      unit: 'ms',
      subject: { label: 'Berth UI: navigation → the Containers empty state painted', samples: warm, median: median(warm) },
      baseline,
    },
  ];
}

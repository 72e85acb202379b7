/**
 * Desktop notifications through the real backend: a page's notice reaches the
 * desktop app's main process only while one listens (else the page is told
 * to show it itself), the main process's click reaches the pages, and a page
 * may not take the notices or report clicks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopNotice } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { screenPageFrame } from '../rpc/page-frames.js';
import { client, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('notice');
let page: RpcClient;
let desktop: RpcClient;

beforeAll(async () => {
  ({ rpc: page } = await startTestEngine(home));
  desktop = await client(home);
});
afterAll(async () => {
  page?.close();
  desktop?.close();
  await removeHomes();
});

describe('desktop notices', () => {
  it('go to the desktop app while it listens, and its clicks come back to the pages', async () => {
    const notice = { id: 'build-1', title: 'Build finished: web', body: 'Built in 2.0 s.' };
    expect(await page.call('desktop.notify', notice)).toEqual({ shown: false });

    const shown: DesktopNotice[] = [];
    const clicks: string[] = [];
    const notices = desktop.stream('desktop.watchNotices', {}, { next: (n) => shown.push(n) });
    const clickWatch = page.stream('desktop.watchClicks', {}, { next: ({ id }) => clicks.push(id) });
    // The desktop's subscription is in place once a notice is answered shown.
    await eventually(async () => (await page.call('desktop.notify', notice)).shown);
    // "shown" means the backend handed it to the desktop's stream; it reaches the desktop over its own socket,
    // which may come after the page's answer (CI saw the list still empty).
    await eventually(() => shown.length > 0);
    expect(shown.at(-1)).toEqual(notice);

    await desktop.call('desktop.noticeClicked', { id: notice.id });
    await eventually(() => clicks.length > 0);
    expect(clicks).toEqual([notice.id]);

    notices.cancel();
    clickWatch.cancel();
    await eventually(async () => !(await page.call('desktop.notify', notice)).shown);
  });

  it('refuses bad notices, and a page taking the notices or reporting a click', async () => {
    await expect(page.call('desktop.notify', { id: '', title: 'x', body: '' })).rejects.toThrow();
    await expect(page.call('desktop.notify', { id: 'a', title: 'x'.repeat(301), body: '' })).rejects.toThrow();
    for (const method of ['desktop.watchNotices', 'desktop.noticeClicked']) {
      expect(screenPageFrame(JSON.stringify({ t: 'call', id: 1, method, input: { id: 'a' } }))).toContain('a page may not call it');
    }
    for (const method of ['desktop.notify', 'desktop.watchClicks']) {
      expect(screenPageFrame(JSON.stringify({ t: 'call', id: 1, method, input: {} }))).toBeNull();
    }
  });
});

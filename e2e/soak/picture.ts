/**
 * What the page shows, read from its DOM, and the rule that compares it with
 * the engine's truth: every value the page shows must be one the engine had
 * within the last second (`WINDOW_MS`). Pure but for readPage.
 */
import type { Page } from '@playwright/test';
import { portsText, steadyStatus, type Picture } from './truth.js';

/** How long the page may lag the engine. */
export const WINDOW_MS = 1000;

/** What the page shows: the same keys as a truth Picture, for the parts of the app on screen. */
export interface PagePicture {
  readonly at: number;
  /** Key prefixes the page shows now: 'c' (containers list), 'i' (images), 'v' (volumes). The engine state is always shown. */
  readonly sections: readonly string[];
  readonly values: ReadonlyMap<string, string>;
}

interface RawRow {
  readonly name: string;
  readonly state: string;
  readonly status: string;
  readonly pending: boolean;
  readonly ports: readonly string[];
}

/** A DOM reading, as raw as it comes off the page. */
export interface RawPage {
  readonly engine: string;
  readonly containers?: { readonly waiting: boolean; readonly rows: readonly RawRow[] };
  readonly images?: { readonly waiting: boolean; readonly rows: readonly string[] };
  readonly volumes?: { readonly waiting: boolean; readonly rows: readonly string[] };
}

/**
 * The reading, run in the page. Plain JavaScript in a string: the test runner's
 * transpiler would otherwise add helpers to it that the page does not have.
 */
const READ_PAGE = `(() => {
  const status = document.querySelector('[role=status][aria-label^="Engine: "]');
  const engine = status ? status.getAttribute('aria-label').slice('Engine: '.length).split(' ')[0] : 'connecting';
  const text = (el) => ((el && el.textContent) || '').replace(/\\s+/g, ' ').trim();
  const heading = text(document.querySelector('main h1'));
  const out = { engine };
  const rowsOf = (table) => [...table.querySelectorAll('[role=row]')].filter((r) => !r.querySelector('[role=columnheader]'));
  const main = text(document.querySelector('main'));
  if (heading === 'Containers') {
    const table = document.querySelector('[role=table][aria-label=Containers]');
    const empty = text(document.querySelector('main section.empty h2'));
    const rows = table ? rowsOf(table).map((r) => {
      const cells = [...r.querySelectorAll(':scope > [role=cell]')];
      const pending = !!(cells[4] && cells[4].querySelector('[data-pending]'));
      const title = cells[4] && cells[4].getAttribute('title');
      return {
        name: text(r.querySelector('.row-link')),
        state: text(cells[3]),
        status: title && !pending ? title : text(cells[4]),
        pending,
        ports: cells[5] ? [...cells[5].querySelectorAll('.port')].map((p) => text(p)) : [],
      };
    }) : [];
    out.containers = { waiting: !table && empty !== 'No containers yet', rows };
  } else if (heading === 'Images') {
    const table = document.querySelector('[role=table][aria-label=Images]');
    const rows = table ? rowsOf(table).map((r) => {
      const cell = r.querySelector('[role=cell]');
      return /dangling/.test(text(cell)) ? '<dangling>' : text(cell);
    }) : [];
    out.images = { waiting: !table && !/No images yet/.test(main), rows };
  } else if (heading === 'Volumes') {
    const table = document.querySelector('[role=table][aria-label=Volumes]');
    const rows = table ? rowsOf(table).map((r) => (r.querySelector('[role=cell]') && r.querySelector('[role=cell]').getAttribute('title')) || '') : [];
    out.volumes = { waiting: !table && !/No volumes yet/.test(main), rows };
  }
  return out;
})()`;

/** Read the page once (in the browser, one evaluate). */
export async function readPage(page: Page): Promise<PagePicture> {
  const raw = (await page.evaluate(READ_PAGE)) as RawPage;
  return pictureOf(raw, Date.now());
}

/** Pure: a raw DOM reading as keys and values comparable with a truth Picture. */
export function pictureOf(raw: RawPage, at: number): PagePicture {
  const values = new Map<string, string>([['engine', raw.engine]]);
  const sections: string[] = [];
  if (raw.containers) {
    sections.push('c');
    if (raw.containers.waiting) values.set('c:<list>', 'waiting');
    for (const r of raw.containers.rows) {
      const ports = portsText(
        r.ports.map((p) => {
          const m = /(?:(\d+)→)?(\d+)\/(\w+)$/.exec(p);
          return { publicPort: m?.[1] ? Number(m[1]) : undefined, privatePort: Number(m?.[2] ?? 0), type: m?.[3] ?? '?' };
        }),
      );
      values.set(`c:${r.name}`, `${r.state}|${r.pending ? '*' : steadyStatus(r.status)}|${ports}`);
    }
  }
  if (raw.images) {
    sections.push('i');
    if (raw.images.waiting) values.set('i:<list>', 'waiting');
    else {
      let dangling = 0;
      for (const r of raw.images.rows) {
        if (r === '<dangling>') dangling++;
        else values.set(`i:${r}`, 'tag');
      }
      values.set('i:<dangling>', String(dangling));
    }
  }
  if (raw.volumes) {
    sections.push('v');
    if (raw.volumes.waiting) values.set('v:<list>', 'waiting');
    for (const r of raw.volumes.rows) values.set(`v:${r}`, 'volume');
  }
  return { at, sections, values };
}

/** Container states that say "it runs now". */
const UP = new Set(['running', 'paused', 'restarting']);

/** Pure: whether the page's value for `key` is what the engine said in `truth`. */
export function agrees(key: string, shown: string | undefined, truth: Picture): boolean {
  // While Berth stops the engine, dockerd still answers until it has stopped its containers: "stopping" is true then too.
  if (key === 'engine') return truth.up ? shown === 'running' || shown === 'stopping' : shown !== 'running';
  if (!truth.up) {
    // The engine is away: the page may keep the last list it had, but may not say a container runs now.
    if (key.startsWith('c:') && shown !== undefined) return !UP.has(shown.split('|')[0]!);
    return true;
  }
  const real = truth.values.get(key);
  if (real === undefined || shown === undefined) return real === shown;
  if (key.startsWith('c:')) {
    const [state, status, ports] = shown.split('|');
    const [rState, rStatus, rPorts] = real.split('|');
    return state === rState && (status === '*' || status === rStatus) && ports === rPorts;
  }
  return shown === real;
}

export interface Mismatch {
  readonly key: string;
  readonly shown: string | undefined;
  /** What the engine said for this key in the window, oldest first. */
  readonly truth: readonly string[];
}

/** Pure: the keys the page shows wrongly: shown values the engine did not have at any reading in the window (the readings are all in it). */
export function mismatches(page: PagePicture, truths: readonly Picture[]): Mismatch[] {
  if (!truths.length) return [];
  const inView = (key: string) => key === 'engine' || page.sections.includes(key.split(':')[0]!);
  const keys = new Set<string>([...page.values.keys()].filter(inView));
  for (const t of truths) for (const k of t.values.keys()) if (inView(k)) keys.add(k);
  const waiting = (key: string) => page.values.get(`${key.split(':')[0]}:<list>`) === 'waiting';
  const out: Mismatch[] = [];
  for (const key of [...keys].sort()) {
    if (key.endsWith(':<list>')) {
      // A list still loading is right only while the engine is away; its rows are judged once it shows them.
      if (truths.every((t) => t.up)) out.push({ key, shown: 'waiting', truth: truths.map(() => 'a list') });
      continue;
    }
    if (waiting(key)) continue;
    const shown = page.values.get(key);
    if (truths.some((t) => agrees(key, shown, t))) continue;
    out.push({ key, shown, truth: truths.map((t) => (t.up ? (t.values.get(key) ?? '(none)') : '(engine down)')) });
  }
  return out;
}

/** The renderer bundle for real (esbuild into a temporary folder): hashed names, index.html, lazy chunks, old files kept one build. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRenderer, indexHtml, staleFiles } from './renderer.js';

const out = mkdtempSync(join(tmpdir(), 'berth-renderer-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('renderer bundle', () => {
  it('names every file by its content hash, points index.html at them and keeps xterm.js out of the main script', { timeout: 120_000 }, async () => {
    await buildRenderer({ outDir: out });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const script = /src="\.\/(main-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    const style = /href="\.\/(main-[A-Z0-9]{8}\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    expect(existsSync(join(out, script!))).toBe(true);
    expect(existsSync(join(out, style!))).toBe(true);
    expect(existsSync(join(out, 'main.js'))).toBe(false);
    // xterm.js (its helper textarea's class is in its code) is only in a chunk loaded on first use.
    expect(readFileSync(join(out, script!), 'utf8')).not.toContain('xterm-helper-textarea');
    const chunks = readdirSync(join(out, 'chunks')).filter((f) => f.endsWith('.js'));
    expect(chunks.some((f) => readFileSync(join(out, 'chunks', f), 'utf8').includes('xterm-helper-textarea'))).toBe(true);
    for (const page of ['TerminalPanel', 'ContainerDetailsPage', 'BuildsPage', 'LayersPage']) {
      expect(chunks.some((f) => new RegExp(`^${page}-[A-Z0-9]{8}\\.js$`).test(f))).toBe(true);
    }
  });

  it('paints a shell from index.html alone, and preloads the main script and every chunk it imports (no lazy view)', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    // The boot shell: its status says what is happening, its critical CSS is inline, and the stylesheet comes after it.
    expect(html).toMatch(/<div class="list-skeleton" role="status" aria-label="Loading Berth">\s*<span class="list-skeleton-caption">Loading…<\/span>/);
    expect(html.indexOf('<style>')).toBeLessThan(html.indexOf('</head>'));
    expect(html.indexOf('rel="stylesheet"')).toBeGreaterThan(html.indexOf('list-skeleton-row'));
    const preloads = [...html.matchAll(/<link rel="modulepreload" href="\.\/([^"]+)" \/>/g)].map((m) => m[1]!);
    const script = /<script type="module" src="\.\/([^"]+)"/.exec(html)![1]!;
    expect(preloads[0]).toBe(script);
    const imported = [...readFileSync(join(out, script), 'utf8').matchAll(/from"\.\/(chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(imported.length).toBeGreaterThan(0);
    expect(new Set(preloads.slice(1))).toEqual(new Set(imported));
    for (const f of preloads) {
      expect(existsSync(join(out, f))).toBe(true);
      expect(f).not.toMatch(/TerminalPanel|LayersPage|BuildsPage|ContainerDetailsPage/);
    }
  });

  it("keeps the previous build's files for pages opened before it, and drops older ones", { timeout: 120_000 }, async () => {
    // A file of two builds ago (not in the last build's list) and one of the previous build (in its list).
    writeFileSync(join(out, 'chunks', 'old-AAAAAAAA.js'), '');
    writeFileSync(join(out, 'chunks', 'previous-BBBBBBBB.js'), '');
    const list = JSON.parse(readFileSync(join(out, '.build-files.json'), 'utf8')) as string[];
    writeFileSync(join(out, '.build-files.json'), JSON.stringify([...list, 'chunks/previous-BBBBBBBB.js']));
    await buildRenderer({ outDir: out });
    expect(existsSync(join(out, 'chunks', 'old-AAAAAAAA.js'))).toBe(false);
    expect(existsSync(join(out, 'chunks', 'previous-BBBBBBBB.js'))).toBe(true);
    await buildRenderer({ outDir: out });
    expect(existsSync(join(out, 'chunks', 'previous-BBBBBBBB.js'))).toBe(false);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });

  it('never deletes index.html or the file list, whatever the lists say', () => {
    expect(staleFiles(['index.html', '.build-files.json', 'a.js', 'b.js', 'c.js'], new Set(['a.js']), new Set(['b.js']))).toEqual(['c.js']);
  });

  it('refuses a template that does not load ./main.js and ./main.css', () => {
    expect(() => indexHtml('<script src="./app.js"></script>', 'main-X.js', 'main-X.css')).toThrow(/must load/);
    expect(indexHtml('<link href="./main.css"><script src="./main.js"></script>', 'main-A.js', 'main-B.css')).toBe(
      '<link href="./main-B.css"><script src="./main-A.js"></script>',
    );
    expect(indexHtml('<head>\n  </head><link href="./main.css"><script src="./main.js"></script>', 'main-A.js', 'main-B.css', ['chunks/c-C.js'])).toBe(
      '<head>\n    <link rel="modulepreload" href="./main-A.js" />\n    <link rel="modulepreload" href="./chunks/c-C.js" />\n  </head><link href="./main-B.css"><script src="./main-A.js"></script>',
    );
  });
});

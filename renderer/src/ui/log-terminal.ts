/** What the read-only log terminals share: how they open, how search matches look, and saving the text as a file. */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';

/**
 * A read-only terminal for a log, opened in `host`, with fit and search
 * loaded; `onMatches` hears the search's "n of m" (0 of 0 when none).
 */
export function openLogTerminal(
  host: HTMLElement,
  options: { scrollback: number; convertEol: boolean; theme: ITheme; onMatches(m: { index: number; count: number }): void },
): { term: Terminal; fit: FitAddon; search: SearchAddon } {
  const term = new Terminal({
    disableStdin: true,
    convertEol: options.convertEol,
    scrollback: options.scrollback,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono'),
    fontSize: 12,
    allowProposedApi: true,
    theme: options.theme,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  term.open(host);
  search.onDidChangeResults((r) => options.onMatches({ index: r.resultCount ? r.resultIndex + 1 : 0, count: r.resultCount }));
  return { term, fit, search };
}

/** Search match colours (the overview ruler and the matches), the same in light and dark themes. */
export const SEARCH_OPTIONS: ISearchOptions = {
  decorations: { matchOverviewRuler: '#f59e0b', activeMatchColorOverviewRuler: '#2563eb', matchBackground: '#b45309', activeMatchBackground: '#2563eb' },
};

/** Save text as a download named `fileName`. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

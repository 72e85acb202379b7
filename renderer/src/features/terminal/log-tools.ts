/** What the read-only log terminals share: how search matches look, and saving the text as a file. */
import type { ISearchOptions } from '@xterm/addon-search';

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

/**
 * The whole build's plain log in a terminal (xterm.js), so a build printing
 * tens of thousands of lines scrolls, searches and follows its end without
 * the page re-laying out a huge text node on every event. The text is kept in
 * a buffer outside React: the terminal is written only what is new.
 */
import { useEffect, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { SearchAddon } from '@xterm/addon-search';
import { useSettings } from '../settings';
import { Button } from '../../ui/Button';
import { FindBar } from '../../ui/FindBar';
import { CopyIcon, DownloadIcon } from '../../ui/icons';
import { downloadText, openLogTerminal, SEARCH_OPTIONS } from '../../ui/log-terminal';
import { terminalTheme } from '../../ui/terminal-theme';
import { pieces } from './build-run';
import type { PlainLogBuffer } from './plain-log-buffer';

/** Lines the terminal keeps: a 50,000-line build fits whole. */
const SCROLLBACK = 100_000;
/**
 * Characters handed to the terminal per write. xterm parses each write whole
 * and yields to the page only between writes, so one write of 10,000 lines
 * would be a 100 ms task (a line costs it about 25 µs, most of it in scrolling).
 */
const PIECE = 2 * 1024;

function theme() {
  const t = terminalTheme();
  // Read-only: no cursor to see.
  return { ...t, cursor: t.background, cursorAccent: t.background };
}

export function BuildLog({ buffer, name }: { buffer: PlainLogBuffer; name: string }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | undefined>(undefined);
  const search = useRef<SearchAddon | undefined>(undefined);
  const appTheme = useSettings((s) => s.theme);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number }>();

  useEffect(() => {
    const { term: t, fit, search: s } = openLogTerminal(host.current!, { scrollback: SCROLLBACK, convertEol: true, theme: theme(), onMatches: setMatches });
    const ro = new ResizeObserver(() => fit.fit());
    ro.observe(host.current!);
    fit.fit();
    const write = (text: string) => {
      for (const piece of pieces(text, PIECE)) t.write(piece);
    };
    write(buffer.text());
    const stop = buffer.listen(write);
    term.current = t;
    search.current = s;
    return () => {
      stop();
      ro.disconnect();
      t.dispose();
    };
  }, [buffer]);

  useEffect(() => {
    if (term.current) term.current.options.theme = theme();
  }, [appTheme]);

  const find = (dir: 'next' | 'prev') => {
    if (!query) return;
    if (dir === 'next') search.current?.findNext(query, SEARCH_OPTIONS);
    else search.current?.findPrevious(query, SEARCH_OPTIONS);
  };
  const download = () => downloadText(`${name}.log`, buffer.text());
  return (
    <section className="build-log" aria-label="Build log">
      <div className="toolbar">
        <FindBar label="Search the build log" query={query} setQuery={setQuery} find={find} matches={matches} />
        <span className="spacer" />
        <Button icon={CopyIcon} onClick={() => void navigator.clipboard.writeText(buffer.text())}>
          Copy
        </Button>
        <Button icon={DownloadIcon} onClick={download}>
          Download
        </Button>
      </div>
      <div className="terminal-host build-log-terminal" ref={host} data-testid="build-log-terminal" />
    </section>
  );
}

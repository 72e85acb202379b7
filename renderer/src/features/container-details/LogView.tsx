import { FindBar } from '../../ui/FindBar';
import { useEffect, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { SearchAddon } from '@xterm/addon-search';
import type { LogLineDto } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { CopyIcon, DownloadIcon } from '../../ui/icons';
import { downloadText, openLogTerminal, SEARCH_OPTIONS } from '../../ui/log-terminal';
import { useSettings } from '../settings';
import { toPlain } from './log-format';
import { LogPainter } from './log-painter';
import { openLogPages, type LogPages } from './log-pages';
import { LogPager } from './LogPager';
import { watchLog } from './log-stream';

/** Lines kept on screen (xterm scrollback) and for copy/download. */
const SCROLLBACK = 10_000;
const TAILS = ['100', '1000', '10000', 'all'] as const;
/** Columns of the terminal when lines are not wrapped (it scrolls sideways). */
const NOWRAP_COLS = 1000;
/** Seconds back for "since"; 0 is the whole log. */
const SINCE: ReadonlyArray<readonly [number, string]> = [
  [0, 'any time'],
  [600, 'the last 10 minutes'],
  [3600, 'the last hour'],
  [86400, 'the last 24 hours'],
];

function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { background: v('--surface-2'), foreground: v('--text'), cursor: v('--surface-2'), selectionBackground: v('--accent-soft') };
}

/**
 * How the log is read: as a stream into the terminal, or (a stopped container's whole log, longer than the
 * terminal keeps) page by page from the engine's log file; "deciding" while Berth asks which.
 */
type Reading = { kind: 'deciding' } | { kind: 'stream'; why?: string } | { kind: 'paged'; pages: LogPages; bytes: number };

export function LogView({ id, name, running = true }: { id: string; name: string; running?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | undefined>(undefined);
  const search = useRef<SearchAddon | undefined>(undefined);
  /** The lines shown, for copy and download (the last SCROLLBACK of them). */
  const shown = useRef<LogLineDto[]>([]);
  const theme = useSettings((s) => s.theme);
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(true);
  const layout = useRef<() => void>(() => undefined);
  const [tail, setTail] = useState<(typeof TAILS)[number]>('1000');
  const [since, setSince] = useState(0);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number }>();
  const [ended, setEnded] = useState<string>();
  const [empty, setEmpty] = useState(true);
  const wholeLog = !running && tail === 'all' && !since;
  const [reading, setReading] = useState<Reading>({ kind: wholeLog ? 'deciding' : 'stream' });

  // A stopped container's whole log: read by range when the engine's log file can be, and is longer than the terminal keeps.
  useEffect(() => {
    if (!wholeLog) {
      setReading({ kind: 'stream' });
      return;
    }
    setReading({ kind: 'deciding' });
    let gone = false;
    let opened: LogPages | undefined;
    openLogPages(id, timestamps).then(
      ({ pages, bytes, reason }) => {
        if (gone) return pages?.close();
        if (pages && pages.lines > SCROLLBACK) {
          opened = pages;
          setReading({ kind: 'paged', pages, bytes: bytes ?? 0 });
        } else {
          pages?.close();
          setReading({ kind: 'stream', ...(reason ? { why: reason } : {}) });
        }
      },
      () => !gone && setReading({ kind: 'stream' }),
    );
    return () => {
      gone = true;
      opened?.close();
    };
  }, [id, wholeLog, timestamps]);
  const streaming = reading.kind === 'stream';

  // The terminal lives as long as the view.
  useEffect(() => {
    const {
      term: t,
      fit,
      search: s,
    } = openLogTerminal(host.current!, { scrollback: SCROLLBACK, convertEol: false, theme: themeColors(), onMatches: setMatches });
    // Wrapped: as many columns as fit. Not wrapped: a wide terminal that scrolls sideways.
    layout.current = () => {
      const dims = fit.proposeDimensions();
      if (!dims) return;
      const wide = host.current?.dataset.wrap === 'false';
      t.resize(wide ? Math.max(dims.cols, NOWRAP_COLS) : dims.cols, dims.rows);
    };
    const ro = new ResizeObserver(() => layout.current());
    ro.observe(host.current!);
    layout.current();
    term.current = t;
    search.current = s;
    return () => {
      ro.disconnect();
      t.dispose();
    };
  }, []);

  useEffect(() => {
    if (term.current?.options) term.current.options.theme = themeColors();
  }, [theme]);

  useEffect(() => layout.current(), [wrap]);

  // (Re)open the log stream whenever its options change. A batch is taken at once (which lets the next come) and
  // goes to xterm through the painter, in bounded writes one after another; when lines come faster than xterm
  // takes them, the painter leaves out those that would be pushed out of the scrollback before being seen.
  useEffect(() => {
    const t = term.current!;
    t.reset();
    shown.current = [];
    setEnded(undefined);
    setEmpty(true);
    if (!streaming) return;
    const painter = new LogPainter((text, done) => t.write(text, done), timestamps, SCROLLBACK);
    const stop = watchLog(
      { id, follow, tail: tail === 'all' ? 'all' : Number(tail), since },
      {
        lines: (lines, done) => {
          const kept = shown.current;
          for (const line of lines) kept.push(line);
          if (kept.length > SCROLLBACK * 1.5) kept.splice(0, kept.length - SCROLLBACK);
          if (lines.length) setEmpty(false);
          painter.push(lines);
          done();
        },
        ended: setEnded,
      },
    );
    return () => {
      painter.stop();
      stop();
    };
  }, [id, follow, timestamps, tail, since, streaming]);

  const find = (dir: 'next' | 'prev') => {
    if (!query) return;
    if (dir === 'next') search.current?.findNext(query, SEARCH_OPTIONS);
    else search.current?.findPrevious(query, SEARCH_OPTIONS);
  };
  // Paged: the lines read so far around the place shown (never the whole log, which can be gigabytes).
  const lines = () => (reading.kind === 'paged' ? reading.pages.held().flatMap((p) => p.lines) : shown.current.slice(-SCROLLBACK));
  const text = () =>
    lines()
      .map((line) => toPlain(timestamps ? line : { ...line, ts: undefined }))
      .join('\n') + '\n';
  const download = () => downloadText(`${name}.log`, text());

  return (
    <section className="logs" aria-label={`Logs of ${name}`}>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Log options">
          <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
            Follow
          </button>
          <button type="button" aria-pressed={timestamps} onClick={() => setTimestamps(!timestamps)}>
            Timestamps
          </button>
          <button type="button" aria-pressed={wrap} onClick={() => setWrap(!wrap)}>
            Wrap
          </button>
        </div>
        <label className="select">
          Last
          <select value={tail} onChange={(e) => setTail(e.target.value as (typeof TAILS)[number])} aria-label="Lines from the end">
            {TAILS.map((t) => (
              <option key={t} value={t}>
                {t === 'all' ? 'all lines' : `${Number(t).toLocaleString('en-US')} lines`}
              </option>
            ))}
          </select>
        </label>
        <label className="select">
          From
          <select value={since} onChange={(e) => setSince(Number(e.target.value))} aria-label="Lines since">
            {SINCE.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {streaming && <FindBar label="Search the log" query={query} setQuery={setQuery} find={find} matches={matches} />}
        <span className="spacer" />
        <Button icon={CopyIcon} onClick={() => void navigator.clipboard.writeText(text())}>
          Copy
        </Button>
        <Button icon={DownloadIcon} onClick={download}>
          Download
        </Button>
      </div>
      <div className="log-area">
        <div className="terminal-host" ref={host} data-testid="log-terminal" data-wrap={wrap} hidden={!streaming} />
        {reading.kind === 'paged' && <LogPager pages={reading.pages} name={name} bytes={reading.bytes} timestamps={timestamps} />}
        {reading.kind === 'deciding' && (
          <p className="log-empty" role="status">
            Reading where the lines of {name}’s log are…
          </p>
        )}
        {streaming && empty && (
          <p className="log-empty" role="status">
            <strong>No output yet.</strong> What {name} prints (stdout and stderr) appears here as it runs
            {since ? '; choose an earlier “From” to see older lines.' : '.'}
          </p>
        )}
      </div>
      {ended && (
        <p className="log-end" role="status">
          {ended}
        </p>
      )}
    </section>
  );
}

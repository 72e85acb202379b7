/**
 * A stopped container's whole log, however long: the scroll bar spans all
 * of it, and only the lines on screen (and a page around them) are read, by
 * range, from the engine's log file (log-pages.ts). It opens at the end.
 * A log taller than a browser can make an element is scrolled on a scale
 * (the bar's position is the line's place in the log); the wheel and the
 * keys still move line by line (arrows), screen by screen (Page Up/Down),
 * and to either end (Home/End); "Go to line" jumps anywhere.
 */
import { useEffect, useLayoutEffect, useReducer, useRef, useState, type KeyboardEvent, type WheelEvent } from 'react';
import type { LogLineDto } from '../../../../engine/contract/dto';
import { formatBytes } from '../../lib/format';
import { stripAnsi } from './log-format';
import type { LogPages } from './log-pages';

/** Height of one line, in pixels (the stylesheet's `.log-pager` line height). */
export const ROW = 18;
/** The tallest scroll height used; a longer log is scrolled on a scale. */
const MAX_SPACER = 8_000_000;

/** Pure: the first line shown for a scroll position, and the scroll position of a first line. */
export function pagerScale(lines: number, rows: number, viewHeight: number) {
  const natural = lines * ROW;
  const spacer = Math.min(natural, MAX_SPACER);
  const scaled = natural > MAX_SPACER;
  const maxFirst = Math.max(0, lines - rows);
  const range = Math.max(1, spacer - viewHeight);
  return {
    spacer,
    scaled,
    maxFirst,
    firstAt: (scrollTop: number) => Math.min(maxFirst, Math.max(0, scaled ? Math.round((scrollTop / range) * maxFirst) : Math.floor(scrollTop / ROW))),
    scrollOf: (first: number) => (scaled ? (maxFirst ? (first / maxFirst) * range : 0) : first * ROW),
  };
}

const n = (x: number) => x.toLocaleString('en-US');

export function LogPager({ pages, name, bytes, timestamps }: { pages: LogPages; name: string; bytes: number; timestamps: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const [viewHeight, setViewHeight] = useState(0);
  const [first, setFirst] = useState(0);
  const [, redraw] = useReducer((x: number) => x + 1, 0);
  const [goTo, setGoTo] = useState('');
  const opened = useRef(false);
  const rows = Math.max(1, Math.floor(viewHeight / ROW));
  const scale = pagerScale(pages.lines, rows, viewHeight);

  useEffect(() => pages.subscribe(redraw), [pages]);
  useEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setViewHeight(el.clientHeight));
    ro.observe(el);
    setViewHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);
  useEffect(() => pages.want(first, first + rows), [pages, first, rows]);

  /** The scroll position a jump left (the browser rounds it): its scroll event keeps the line jumped to. */
  const jumped = useRef<number | undefined>(undefined);
  const jump = (line: number) => {
    const f = Math.min(scale.maxFirst, Math.max(0, Math.round(line)));
    setFirst(f);
    if (box.current) {
      box.current.scrollTop = scale.scrollOf(f);
      jumped.current = box.current.scrollTop;
    }
  };
  // It opens at the end, once its height is known.
  useLayoutEffect(() => {
    if (opened.current || !viewHeight) return;
    opened.current = true;
    jump(scale.maxFirst);
  });

  const onScroll = () => {
    const top = box.current!.scrollTop;
    if (jumped.current !== undefined && Math.abs(top - jumped.current) < 1) return;
    jumped.current = undefined;
    const f = scale.firstAt(top);
    if (f !== first) setFirst(f);
  };
  const onWheel = (e: WheelEvent) => {
    // On a scale a wheel step would move thousands of lines: it moves by lines instead.
    if (!scale.scaled || !e.deltaY) return;
    e.preventDefault();
    const lines = e.deltaMode === 1 ? e.deltaY : e.deltaMode === 2 ? e.deltaY * rows : e.deltaY / ROW;
    jump(first + Math.sign(lines) * Math.max(1, Math.round(Math.abs(lines))));
  };
  const onKey = (e: KeyboardEvent) => {
    const to: Record<string, number> = { ArrowDown: first + 1, ArrowUp: first - 1, PageDown: first + rows, PageUp: first - rows, Home: 0, End: scale.maxFirst };
    if (!(e.key in to)) return;
    e.preventDefault();
    jump(to[e.key]!);
  };

  const shown: Array<{ i: number; line: LogLineDto | undefined }> = [];
  for (let i = first; i < Math.min(pages.lines, first + rows + 1); i++) shown.push({ i, line: pages.line(i) });
  const last = Math.min(pages.lines, first + rows);
  const width = String(pages.lines).length;

  return (
    <div className="log-pager-wrap">
      <div
        ref={box}
        className="log-pager"
        tabIndex={0}
        // A read-only text of many lines that the keys move through.
        role="textbox"
        aria-readonly
        aria-multiline
        aria-label={`Whole log of ${name}`}
        aria-describedby="log-pager-where"
        onScroll={onScroll}
        onWheel={onWheel}
        onKeyDown={onKey}
        data-first={first}
      >
        <div style={{ height: scale.spacer }}>
          <div className="log-pager-rows" style={{ height: viewHeight }}>
            {shown.map(({ i, line }) => (
              <div key={i} className={`log-row${line?.stream === 'stderr' ? ' stderr' : ''}`} data-line={i + 1}>
                <span className="log-row-no" aria-hidden>
                  {String(i + 1).padStart(width)}
                </span>
                {line ? (
                  <>
                    {timestamps && line.ts && <span className="log-row-ts">{line.ts} </span>}
                    {stripAnsi(line.text)}
                  </>
                ) : (
                  <span className="log-row-wait">…</span>
                )}
              </div>
            ))}
          </div>
        </div>
      </div>
      <div className="log-pager-foot">
        <p id="log-pager-where">
          Lines {n(Math.min(first + 1, pages.lines))}–{n(last)} of {n(pages.lines)} ({formatBytes(bytes)}), read from the engine’s log file as you scroll
          {pages.error ? ` — ${pages.error}` : ''}
        </p>
        <form
          className="log-goto"
          onSubmit={(e) => {
            e.preventDefault();
            const line = Number(goTo.replace(/[ ,]/g, ''));
            if (Number.isFinite(line) && line >= 1) jump(line - 1);
            box.current?.focus();
          }}
        >
          <label>
            Go to line
            <input
              type="text"
              inputMode="numeric"
              value={goTo}
              onChange={(e) => setGoTo(e.target.value)}
              placeholder={`1–${n(pages.lines)}`}
              aria-label="Go to line"
              size={12}
            />
          </label>
        </form>
      </div>
    </div>
  );
}

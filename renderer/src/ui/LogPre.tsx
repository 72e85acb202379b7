/** Plain log lines in a scrolling box that stays at the bottom while you are there, and stays put when you scroll up to read. */
import { useEffect, useRef } from 'react';

export function LogPre({ lines, label, empty = 'No output yet.' }: { lines: readonly string[]; label: string; empty?: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <pre
      ref={ref}
      className="log"
      role="log"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.length ? lines.join('\n') : empty}
    </pre>
  );
}

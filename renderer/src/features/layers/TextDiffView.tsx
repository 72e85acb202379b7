/** Both versions of one changed text file as a unified diff, read from the layer of each image that wrote it. */
import { useMemo } from 'react';
import { Button } from '../../ui/Button';
import { lineDiff, unifiedHunks } from './text-diff';
import { useImageDiff } from './image-diff-store';

export function TextDiffView({ display }: { display: string }) {
  const text = useImageDiff((s) => s.text);
  const hunks = useMemo(() => {
    if (text?.a?.kind !== 'text' || text.b?.kind !== 'text') return undefined;
    const lines = lineDiff(text.a.text, text.b.text);
    return lines && unifiedHunks(lines);
  }, [text]);
  if (!text) return null;
  const binary = text.a?.kind === 'binary' || text.b?.kind === 'binary';
  const truncated = (text.a?.kind === 'text' && text.a.truncated) || (text.b?.kind === 'text' && text.b.truncated);
  return (
    <section className="text-diff" aria-label={`Text diff of /${display}`}>
      <div className="toolbar">
        <strong className="mono">/{display}</strong>
        <span className="spacer" />
        <Button variant="ghost" onClick={() => useImageDiff.getState().closeText()}>
          Close diff
        </Button>
      </div>
      {text.busy && <p role="status">Reading both versions…</p>}
      {text.error && (
        <p className="hint invalid" role="alert">
          {text.error}
        </p>
      )}
      {binary && <p>One of the versions is binary: no line diff to show.</p>}
      {!text.busy && !binary && !text.error && !hunks && <p>Too many lines to compare here.</p>}
      {truncated && <p className="hint">Only the first 64 KiB of each version are compared.</p>}
      {hunks && (
        <pre className="unified-diff" aria-label="Unified diff">
          <span className="diff-line" data-kind="-">
            --- a/{display}
            {'\n'}
          </span>
          <span className="diff-line" data-kind="+">
            +++ b/{display}
            {'\n'}
          </span>
          {hunks.map((h, k) => (
            <span key={k}>
              <span className="diff-line" data-kind="@">
                {h.header}
                {'\n'}
              </span>
              {h.lines.map((l, n) => (
                <span key={n} className="diff-line" data-kind={l.kind}>
                  {l.kind}
                  {l.text}
                  {'\n'}
                </span>
              ))}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}

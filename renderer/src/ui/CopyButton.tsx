import { useEffect, useRef, useState } from 'react';
import { Button } from './Button';
import { CopyIcon, DoneIcon } from './icons';

type Outcome = 'copied' | 'failed' | undefined;

/**
 * An icon button that copies `text`, keeps its accessible name, and says
 * what happened in a polite live region (or how to copy by hand when the
 * clipboard is refused).
 */
export function CopyButton({ text, label, title }: { text: string; label: string; title?: string }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed');
    }
    timer.current = setTimeout(() => setOutcome(undefined), 2500);
  };
  return (
    <span className="copy-button">
      <Button icon={outcome === 'copied' ? DoneIcon : CopyIcon} aria-label={label} title={title ?? label} onClick={() => void copy()} />
      <span className={outcome ? 'copy-note' : 'visually-hidden'} role="status">
        {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'The clipboard was refused: select the text and press Ctrl+C.' : ''}
      </span>
    </span>
  );
}

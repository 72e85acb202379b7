import { useEffect, useLayoutEffect, useRef } from 'react';
import { Button } from './Button';
import { Alert } from './feedback';

/** How long a notice of success stays on screen; errors stay until dismissed. */
export const NOTICE_MS = 6000;

/** The outcome of the last action on a page: its error (dismissable) or its notice, which goes by itself. */
export function ActionFeedback({ error, notice, dismiss }: { error?: string; notice?: string; dismiss(): void }) {
  // The latest dismiss, so a page passing a new function each render does not restart the timer.
  const dismissRef = useRef(dismiss);
  useLayoutEffect(() => {
    dismissRef.current = dismiss;
  });
  useEffect(() => {
    if (!notice || error) return;
    const timer = setTimeout(() => dismissRef.current(), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, error]);
  return (
    <>
      {error && (
        <Alert>
          {error}{' '}
          <Button variant="ghost" onClick={dismiss}>
            Dismiss
          </Button>
        </Alert>
      )}
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
    </>
  );
}

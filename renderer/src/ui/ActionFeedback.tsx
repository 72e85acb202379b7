import { Button } from './Button';
import { Alert } from './feedback';

/** The outcome of the last action on a page: its error (dismissable) or its notice. */
export function ActionFeedback({ error, notice, dismiss }: { error?: string; notice?: string; dismiss(): void }) {
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

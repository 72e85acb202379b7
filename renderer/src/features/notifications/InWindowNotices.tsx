/** Notices shown inside the window where desktop notifications are refused or missing: each opens its page or is dismissed. */
import { useNotifications } from './notifications-store';
import { Button } from '../../ui/Button';
import { AlertIcon } from '../../ui/icons';

export function InWindowNotices() {
  const notices = useNotifications((s) => s.inWindow);
  const refused = useNotifications((s) => s.desktopRefused);
  const { open, dismiss } = useNotifications.getState();
  if (!notices.length) return null;
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className="notice" data-tone={n.failed ? 'danger' : undefined}>
          {n.failed && <AlertIcon className="icon" aria-hidden />}
          <div>
            <strong>{n.title}</strong>
            <span className="subtitle">{n.body}</span>
            {refused && <span className="subtitle">{refused}</span>}
            <div className="notice-actions">
              <Button variant="primary" onClick={() => open(n)} aria-label={`Open: ${n.title}`}>
                Open
              </Button>
              <Button onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>
                Dismiss
              </Button>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}

/** The containers crash-looping now, counted in the sidebar wherever the user is; a click shows them in the containers list. */
import { useNotifications } from './notifications-store';
import { AlertIcon } from '../../ui/icons';

export function CrashLoopsIndicator() {
  const count = useNotifications((s) => s.crashLooping);
  if (!count) return null;
  const text = `${count} ${count === 1 ? 'container' : 'containers'} crash-looping`;
  return (
    <a className="crash-loops" href="#/containers" title={`${text}: they keep exiting and their restart policy keeps starting them again.`}>
      <AlertIcon className="icon" aria-hidden />
      <span className="nav-label">{text}</span>
    </a>
  );
}

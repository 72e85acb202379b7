/** The Dashboard's recent activity: the last builds, pulls and container exits, newest first, each opening its page. */
import { Badge } from '../../ui/feedback';
import { useNow } from '../../lib/clock';
import { relativeTime } from '../../lib/format';
import { useBuilds } from '../builds';
import type { ActivityItem } from '../../../../engine/contract/dto';
import { activityHref, activityKindWord } from './activity-model';
import { useDashboardLive } from './live-store';

function ActivityRow({ item, now }: { item: ActivityItem; now: number }) {
  // A build opens on the Builds page with its record shown.
  const open = item.kind === 'build' ? () => void useBuilds.getState().reopen(item.id) : undefined;
  return (
    <li>
      <span className="activity-kind">{activityKindWord(item)}</span>
      <a href={activityHref(item)} onClick={open}>
        {item.what}
      </a>
      <Badge tone={item.ok ? 'ok' : 'danger'}>{item.outcome}</Badge>
      <time className="muted" dateTime={new Date(item.at).toISOString()}>
        {relativeTime(item.at / 1000, now)}
      </time>
      {item.error && <p className="activity-error">{item.error}</p>}
    </li>
  );
}

export function ActivityCard() {
  const items = useDashboardLive((s) => s.activity);
  const error = useDashboardLive((s) => s.activityError);
  const now = useNow();
  return (
    <section className="card" aria-labelledby="dashboard-activity">
      <h2 id="dashboard-activity">Recent activity</h2>
      {error ? (
        <p className="muted">The activity could not be read: {error}</p>
      ) : !items ? (
        <p className="muted">Reading the engine’s recent events…</p>
      ) : items.length === 0 ? (
        <p className="muted">
          Nothing yet: builds, pulls and container exits show here. <a href="#/builds">Build an image</a> or pull one on the <a href="#/images">Images page</a>.
        </p>
      ) : (
        <ul className="activity-list" aria-label="Recent activity">
          {items.map((i) => (
            <ActivityRow key={`${i.kind} ${i.id}`} item={i} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

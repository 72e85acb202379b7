/**
 * The notifications slice: it follows the builds, the pulls and the
 * containers for the app's whole life, and tells the user when a build or a
 * pull ends while its page is not shown, or a container starts
 * crash-looping. A notice goes to the desktop (Electron's notifications
 * through the main process, or the browser's Notification API, permission
 * asked once, when first needed); where that is refused it is shown inside
 * the window instead. Clicking either opens the notice's page. It also keeps
 * the activity (what runs now) for the window title.
 */
import { create } from 'zustand';
import { useBuilds } from '../builds';
import { useContainers } from '../containers';
import { useTransfers } from '../images';
import { useSettings } from '../settings';
import { showOnDesktop, type DesktopResult } from './desktop-notices';
import { activityOf, buildNotice, crashLoopNotices, pageShown, pullNotices, type Activity, type BuildView, type Notice } from './notice-rules';

interface NotificationsStore {
  /** Notices shown inside the window (desktop ones were refused), newest last. */
  readonly inWindow: readonly Notice[];
  /** Builds and pulls running now. */
  readonly activity: Activity;
  /** How many containers are crash-looping now. */
  readonly crashLooping: number;
  /** Why desktop notifications are not shown, once known (a sentence), for the in-window notices to say. */
  readonly desktopRefused?: string;
  /** Open a notice's page (and drop it from the window). */
  open(notice: Notice): void;
  dismiss(id: string): void;
}

/** In-window notices kept at once (the oldest go first). */
const MAX_IN_WINDOW = 4;

export const useNotifications = create<NotificationsStore>((set, get) => ({
  inWindow: [],
  activity: { count: 0 },
  crashLooping: 0,
  open: (notice) => {
    get().dismiss(notice.id);
    // The build shown on the Builds page is the live one, not one reopened from the history.
    if (notice.kind === 'builds') useBuilds.getState().closeReopened();
    window.location.hash = notice.hash;
  },
  dismiss: (id) => set({ inWindow: get().inWindow.filter((n) => n.id !== id) }),
}));

function showInWindow(notice: Notice, refused: DesktopResult): void {
  const s = useNotifications.getState();
  useNotifications.setState({
    inWindow: [...s.inWindow.filter((n) => n.id !== notice.id), notice].slice(-MAX_IN_WINDOW),
    desktopRefused: refused === 'denied' ? 'Desktop notifications are blocked for Berth; they are shown here instead.' : s.desktopRefused,
  });
}

/** Tell the user, unless they turned this kind off or are looking at its page. */
export async function deliver(notice: Notice): Promise<void> {
  if (!useSettings.getState().notifications[notice.kind]) return;
  if (pageShown(notice, window.location.hash, document.visibilityState === 'visible')) return;
  const result = await showOnDesktop(notice, (n) => {
    window.focus();
    useNotifications.getState().open(n);
  });
  if (result !== 'shown') showInWindow(notice, result);
}

const buildView = (s: ReturnType<typeof useBuilds.getState>): BuildView => ({
  running: s.running,
  started: s.live?.started,
  end: s.live?.run.end,
  cancelled: s.live?.run.cancelled,
  error: s.error,
});

let watching = false;

/** Follow builds, pulls and containers for the page's lifetime (once), telling the user what ended and keeping the activity. */
export function watchNotifications(): void {
  if (watching) return;
  watching = true;
  /** What the running build builds, read from the form when it starts (the form may change while it runs). */
  let buildName = '';
  const updateActivity = () => {
    const transfers = useTransfers.getState();
    const activity = activityOf({ running: useBuilds.getState().running, name: buildName }, Object.values(transfers.registry), transfers.archive);
    const was = useNotifications.getState().activity;
    if (activity.count !== was.count || activity.label !== was.label) useNotifications.setState({ activity });
  };
  useBuilds.subscribe((s, prev) => {
    if (s.running && !prev.running)
      buildName = s.form.tags
        .split(/[\s,]+/)
        .filter(Boolean)
        .join(', ');
    if (s.running === prev.running && s.live === prev.live && s.error === prev.error) return;
    const notice = buildNotice(buildView(prev), buildView(s), buildName);
    if (notice) void deliver(notice);
    updateActivity();
  });
  useTransfers.subscribe((s, prev) => {
    if (s.archive?.running !== prev.archive?.running) updateActivity();
    if (s.registry === prev.registry) return;
    for (const notice of pullNotices(prev.registry, s.registry, Date.now())) void deliver(notice);
    updateActivity();
  });
  // Containers already looping when the list first arrives are not news; a loop that begins later is.
  let told: ReadonlySet<string> | undefined;
  const followContainers = (s: ReturnType<typeof useContainers.getState>) => {
    if (!s.loaded) return;
    const rows = s.ids.map((id) => s.byId[id]!).filter(Boolean);
    const result = crashLoopNotices(told ?? new Set(), rows);
    if (told) for (const notice of result.notices) void deliver(notice);
    told = result.told;
    const crashLooping = rows.filter((c) => c.crashLoop).length;
    if (crashLooping !== useNotifications.getState().crashLooping) useNotifications.setState({ crashLooping });
  };
  followContainers(useContainers.getState());
  useContainers.subscribe((s, prev) => {
    if (s.byId !== prev.byId || s.loaded !== prev.loaded) followContainers(s);
  });
}

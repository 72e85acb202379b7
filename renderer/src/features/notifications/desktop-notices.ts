/**
 * Showing a notice on the desktop. In the desktop app the main process shows
 * it (`desktop.notify`, Electron's Notification) and reports a click back
 * (`desktop.watchClicks`); in a browser, the browser's Notification API,
 * with its permission asked once, when the first notice is due.
 */
import { call, subscribe } from '../../api/connection';
import type { Notice } from './notice-rules';

/** How a notice went: shown on the desktop, refused by the user (or the browser), or no desktop notifications here. */
export type DesktopResult = 'shown' | 'denied' | 'unavailable';

/** Remembered so a dismissed permission prompt is not put to the user again on every notice. */
const ASKED_KEY = 'berth.notifications.asked';
const inElectron = () => location.protocol === 'file:' || location.protocol === 'berth:';

/** Notices handed to the desktop app, by id, until clicked (a few at most: each is replaced by the next of its kind). */
const waiting = new Map<string, { notice: Notice; clicked: (n: Notice) => void }>();
let clicksFollowed = false;

function followClicks(): void {
  if (clicksFollowed) return;
  clicksFollowed = true;
  subscribe(
    'desktop.watchClicks',
    {},
    {
      next: ({ id }) => {
        const w = waiting.get(id);
        if (!w) return; // another window's notice
        waiting.delete(id);
        w.clicked(w.notice);
      },
    },
  );
}

async function showInElectron(notice: Notice, clicked: (n: Notice) => void): Promise<DesktopResult> {
  followClicks();
  try {
    const { shown } = await call('desktop.notify', { id: notice.id, title: notice.title, body: notice.body });
    if (!shown) return 'unavailable';
    waiting.set(notice.id, { notice, clicked });
    if (waiting.size > 50) waiting.delete(waiting.keys().next().value!);
    return 'shown';
  } catch {
    return 'unavailable';
  }
}

async function permission(): Promise<NotificationPermission> {
  if (Notification.permission !== 'default') return Notification.permission;
  if (localStorage.getItem(ASKED_KEY)) return 'denied';
  localStorage.setItem(ASKED_KEY, '1');
  return Notification.requestPermission();
}

function showInBrowser(notice: Notice, clicked: (n: Notice) => void): void {
  const note = new Notification(notice.title, { body: notice.body, tag: notice.id });
  note.onclick = () => {
    note.close();
    clicked(notice);
  };
}

/** Show a notice on the desktop; `clicked` runs when the user clicks it there. */
export async function showOnDesktop(notice: Notice, clicked: (n: Notice) => void): Promise<DesktopResult> {
  if (inElectron()) return showInElectron(notice, clicked);
  if (typeof Notification === 'undefined') return 'unavailable';
  if ((await permission()) !== 'granted') return 'denied';
  try {
    showInBrowser(notice, clicked);
    return 'shown';
  } catch {
    // Some browsers only allow notifications from a service worker.
    return 'unavailable';
  }
}

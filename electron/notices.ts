/**
 * Desktop notifications asked for by the pages (`desktop.notify`), shown
 * with Electron's Notification by the main process; a click brings the
 * window forward and is reported back, so the page that asked opens the
 * notice's page.
 */
import { Notification } from 'electron';
import type { DesktopNotice } from '../engine/contract/index.js';

/** Shown notifications, held until closed or clicked (one dropped by the garbage collector stops answering clicks). */
const shown = new Set<Notification>();

/** Show one notice; `clicked` runs when the user clicks it. False where the system has no notifications. */
export function showNotice(notice: DesktopNotice, clicked: (id: string) => void): boolean {
  if (!Notification.isSupported()) return false;
  const note = new Notification({ title: notice.title, body: notice.body });
  shown.add(note);
  note.on('click', () => {
    shown.delete(note);
    clicked(notice.id);
  });
  note.on('close', () => shown.delete(note));
  note.show();
  return true;
}

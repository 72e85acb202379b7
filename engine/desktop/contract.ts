/**
 * The desktop app's part of the contract: notifications a page asks the
 * desktop to show. The page calls `desktop.notify`; the Electron main process
 * (over the control socket) follows `desktop.watchNotices`, shows each with
 * Electron's Notification and reports a click with `desktop.noticeClicked`;
 * the pages follow `desktop.watchClicks` and open the clicked notice's page.
 * With no desktop app listening (the web host alone), `desktop.notify`
 * answers `shown: false` and the page uses the browser's own notifications.
 */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';

/** A notice as the desktop shows it; the id is the page's own, given back on a click. */
export interface DesktopNotice {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

const noticeIdSchema = z.string().min(1).max(300);

export const desktopContract = {
  /** Show a notice on the desktop, if a desktop app is there to show it. */
  'desktop.notify': call<{ shown: boolean }>()(z.object({ id: noticeIdSchema, title: z.string().min(1).max(300), body: z.string().max(1000) }).strict()),
  /** Internal: the notices to show, for the desktop app's main process. */
  'desktop.watchNotices': stream<DesktopNotice>()(none),
  /** Internal: the user clicked a notice the desktop showed. */
  'desktop.noticeClicked': call<void>()(z.object({ id: noticeIdSchema }).strict()),
  /** The ids of clicked notices, for the page that asked for them to open their page. */
  'desktop.watchClicks': stream<{ id: string }>()(none),
} as const satisfies Record<string, MethodDef>;

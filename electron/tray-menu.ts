/** The tray's menu as plain data, from the engine's status: what it says and which actions it offers (pure; main.ts draws it). */
import type { EngineStatus } from '../engine/contract/index.js';

export type TrayAction = 'start' | 'stop' | 'restart' | 'open' | 'quit';
export type TrayItem =
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'separator' }
  | { readonly kind: 'action'; readonly action: TrayAction; readonly label: string; readonly enabled: boolean };

const MODE = { native: 'native', vm: 'VM', external: 'external' } as const;

/** Pure: one line on the engine, for the tooltip and the menu's first row. */
export function engineLine(status: EngineStatus | undefined): string {
  if (!status) return "Engine: waiting for Berth's backend";
  const mode = MODE[status.mode];
  switch (status.state) {
    case 'running':
      return `Engine: running (${mode}${status.version ? ` ${status.version}` : ''})`;
    case 'starting':
      return status.stage ? `Engine: starting (${mode}), ${status.stage.label} ${status.stage.step}/${status.stage.of}` : `Engine: starting (${mode})`;
    case 'stopping':
      return `Engine: stopping (${mode})`;
    case 'error':
      return `Engine: failed (${mode}), open Berth for why`;
    default:
      return `Engine: stopped (${mode})`;
  }
}

/** What long jobs run (builds, pulls, copies…), as the page's title badges them. */
export interface Busy {
  readonly count: number;
  /** The first one, in words ("building web:1"). */
  readonly label?: string;
}

/** Pure: the long jobs a page title tells of: "(2) Builds · Berth — building web:1" is 2, led by "building web:1"; no badge is none. */
export function busyOf(title: string): Busy {
  const m = /^\((\d+)\) .*?(?: — (.+))?$/.exec(title);
  if (!m) return { count: 0 };
  return m[2] ? { count: Number(m[1]), label: m[2] } : { count: Number(m[1]) };
}

/** Pure: the tray menu for a status (none while the backend does not answer), with what runs when something does. */
export function trayMenu(status: EngineStatus | undefined, busy: Busy = { count: 0 }): { tooltip: string; items: TrayItem[] } {
  const state = status?.state;
  const line = engineLine(status);
  const running = busy.count ? `${busy.count} running${busy.label ? `: ${busy.label}` : ''}` : '';
  return {
    tooltip: `Berth: ${line.replace(/^Engine: /, 'engine ')}${running ? ` · ${running}` : ''}`,
    items: [
      { kind: 'label', label: line },
      ...(running ? [{ kind: 'label', label: running } as const] : []),
      { kind: 'separator' },
      { kind: 'action', action: 'start', label: 'Start engine', enabled: state === 'stopped' || state === 'error' },
      { kind: 'action', action: 'stop', label: 'Stop engine', enabled: state === 'running' || state === 'starting' || state === 'error' },
      { kind: 'action', action: 'restart', label: 'Restart engine', enabled: state === 'running' },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Open Berth', enabled: true },
      { kind: 'action', action: 'quit', label: 'Quit Berth', enabled: true },
    ],
  };
}

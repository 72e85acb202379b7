import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../engine/contract/index.js';
import { quitAction, quitAnswer, QUIT_BUTTONS } from './quit-choice.js';
import { busyOf, engineLine, trayMenu } from './tray-menu.js';

const status = (s: Partial<EngineStatus>): EngineStatus => ({ mode: 'native', state: 'running', restarts: 0, home: '/h', ...s }) as EngineStatus;
const enabled = (s: EngineStatus | undefined) =>
  trayMenu(s)
    .items.filter((i) => i.kind === 'action' && i.enabled)
    .map((i) => (i.kind === 'action' ? i.action : ''));

describe('the tray menu', () => {
  it('says what the engine does, with its mode, version or boot stage', () => {
    expect(engineLine(undefined)).toBe("Engine: waiting for Berth's backend");
    expect(engineLine(status({ version: '20.10.24' }))).toBe('Engine: running (native 20.10.24)');
    expect(engineLine(status({ mode: 'vm', state: 'starting', stage: { step: 2, of: 4, label: 'Kernel up' } }))).toBe('Engine: starting (VM), Kernel up 2/4');
    expect(engineLine(status({ state: 'error' }))).toBe('Engine: failed (native), open Berth for why');
    expect(trayMenu(status({ state: 'stopped' })).tooltip).toBe('Berth: engine stopped (native)');
  });

  it('offers the actions that make sense in each state', () => {
    expect(enabled(status({}))).toEqual(['stop', 'restart', 'open', 'quit']);
    expect(enabled(status({ state: 'stopped' }))).toEqual(['start', 'open', 'quit']);
    expect(enabled(status({ state: 'starting' }))).toEqual(['stop', 'open', 'quit']);
    expect(enabled(status({ state: 'error' }))).toEqual(['start', 'stop', 'open', 'quit']);
    expect(enabled(status({ state: 'stopping' }))).toEqual(['open', 'quit']);
    expect(enabled(undefined)).toEqual(['open', 'quit']);
  });
});

describe('quitting', () => {
  it('asks only about an engine Berth runs that is up or starting, unless the user chose for good', () => {
    expect(quitAction('ask', status({}))).toBe('ask');
    expect(quitAction('ask', status({ mode: 'vm', state: 'starting' }))).toBe('ask');
    expect(quitAction('keep', status({}))).toBe('keep');
    expect(quitAction('stop', status({}))).toBe('stop');
    // Nothing to keep running: a stopped engine, an external one, or no backend.
    expect(quitAction('ask', status({ state: 'stopped' }))).toBe('stop');
    expect(quitAction('keep', status({ mode: 'external' }))).toBe('stop');
    expect(quitAction('ask', undefined)).toBe('stop');
  });

  it('reads the answer, remembering it only when asked to and never a Cancel', () => {
    expect(QUIT_BUTTONS.map((b) => b.action)).toEqual(['stop', 'keep', 'cancel']);
    expect(quitAnswer(0, false)).toEqual({ action: 'stop' });
    expect(quitAnswer(1, true)).toEqual({ action: 'keep', save: 'keep' });
    expect(quitAnswer(2, true)).toEqual({ action: 'cancel' });
    // Escape closes the dialog with the cancel button's index; anything unknown is a cancel too.
    expect(quitAnswer(7, true)).toEqual({ action: 'cancel' });
  });
});

describe('busyOf', () => {
  it('reads the page title’s badge, and what runs first', () => {
    expect(busyOf('(2) Builds · Berth — building web:1')).toEqual({ count: 2, label: 'building web:1' });
    expect(busyOf('(1) Berth')).toEqual({ count: 1 });
    expect(busyOf('Images · Berth')).toEqual({ count: 0 });
    expect(busyOf('(x) Berth')).toEqual({ count: 0 });
  });
  it('puts what runs in the tray’s tooltip and second row, and nothing when nothing runs', () => {
    const busy = trayMenu(undefined, busyOf('(1) Images · Berth — pulling alpine'));
    expect(busy.tooltip).toContain('· 1 running: pulling alpine');
    expect(busy.items[1]).toEqual({ kind: 'label', label: '1 running: pulling alpine' });
    expect(trayMenu(undefined).items[1]).toEqual({ kind: 'separator' });
  });
});

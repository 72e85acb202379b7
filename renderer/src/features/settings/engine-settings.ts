/**
 * The engine's settings as the Settings page edits them: daemon.json (checked as JSON, then by dockerd,
 * before it is saved), VM mode's machine, and the factory reset. Drafts stay in the forms; what is saved
 * lives here.
 */
import type { StateCreator } from 'zustand';
import type { DaemonConfigView, ResetPlan, VmSettings, VmSettingsView } from '../../../../engine/contract/dto';
import { call } from '../../api/connection';
import { forgetLocalCopies } from './local-copy';
import type { SettingsStore } from './settings-store';

export interface EngineSettingsSlice {
  /** daemon.json as saved, once read. */
  readonly daemon?: DaemonConfigView;
  /** VM mode's machine as saved, once read. */
  readonly vm?: VmSettingsView;
  /** Read daemon.json again; rejects with the sentence saying why it could not be read. */
  loadDaemon(): Promise<void>;
  /** What dockerd says of these options (null: it accepts them); saves nothing. */
  checkDaemon(text: string): Promise<string | null>;
  /** Save daemon.json and restart the engine with it (when it runs); rejects with why it was not saved. */
  saveDaemon(text: string): Promise<void>;
  loadVm(): Promise<void>;
  /** Save the VM's settings, used from its next start; rejects with why they were not saved. */
  saveVm(vm: VmSettings): Promise<void>;
  /** What a factory reset would delete, measured. */
  resetPlan(): Promise<ResetPlan>;
  /** Delete everything the plan names and start over; resolves to what was deleted. */
  reset(): Promise<ResetPlan>;
}

export const engineSettingsSlice: StateCreator<SettingsStore, [], [], EngineSettingsSlice> = (set) => ({
  loadDaemon: async () => {
    set({ daemon: undefined });
    set({ daemon: await call('settings.daemon', {}) });
  },
  checkDaemon: (text) => call('settings.checkDaemon', { text }),
  saveDaemon: async (text) => {
    set({ daemon: await call('settings.setDaemon', { text, restart: true }) });
  },
  loadVm: async () => {
    set({ vm: undefined });
    set({ vm: await call('settings.vm', {}) });
  },
  saveVm: async (vm) => {
    set({ vm: await call('settings.setVm', vm) });
  },
  resetPlan: () => call('settings.resetPlan', {}),
  reset: async () => {
    const done = await call('settings.reset', { confirm: true });
    forgetLocalCopies();
    return done;
  },
});

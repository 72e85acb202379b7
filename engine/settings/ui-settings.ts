/** The UI's preferences in settings.json, with every window told when one window changes them. */
import { uiSettingsSchema, type UiSettings, type UiSettingsView } from '../contract/index.js';
import type { HomeLayout } from '../engine/index.js';
import { readSettings, updateSettings } from './settings-file.js';
import { untilAborted, type StreamSink } from '../rpc/router.js';

export class UiSettingsService {
  private readonly listeners = new Set<(v: UiSettingsView) => void>();

  constructor(private readonly l: HomeLayout) {}

  async get(): Promise<UiSettingsView> {
    const { ui } = await readSettings(this.l.settingsFile);
    return ui ? { ...ui, stored: true } : { ...uiSettingsSchema.parse({}), stored: false };
  }

  async set(ui: UiSettings): Promise<UiSettingsView> {
    await updateSettings(this.l.settingsFile, (s) => ({ ...s, ui }));
    return this.changed();
  }

  /** Tell every window what the preferences are now (after a change or a reset). */
  async changed(): Promise<UiSettingsView> {
    const view = await this.get();
    for (const l of this.listeners) l(view);
    return view;
  }

  async watch(sink: StreamSink<UiSettingsView>): Promise<void> {
    const listener = (v: UiSettingsView) => sink.emit(v);
    this.listeners.add(listener);
    try {
      sink.emit(await this.get());
      await untilAborted(sink.signal);
    } finally {
      this.listeners.delete(listener);
    }
  }
}

/** The Settings page's forms as pure data: what a form shows of saved settings, and what it asks to save. */
import type { UiSettings } from '../../../../engine/contract';
import type { VmSettings, VmSettingsView } from '../../../../engine/contract/dto';

export type TerminalForm = Record<keyof UiSettings['terminal'], string>;

/** Pure: the terminal preferences a form asks for; numbers as typed (the backend says what is out of range). */
export function terminalFromForm(f: TerminalForm): UiSettings['terminal'] {
  return { fontSize: Number(f.fontSize), scrollback: Number(f.scrollback), shell: f.shell.trim(), detachKeys: f.detachKeys.trim() };
}

export interface VmForm {
  cpus: string;
  memoryMiB: string;
  diskGiB: string;
  share: string;
  shareDefault: boolean;
  accel: VmSettings['accel'];
}

/** Pure: the form showing saved VM settings. */
export const toForm = (v: VmSettingsView): VmForm => ({
  cpus: v.vm.cpus === undefined ? '' : String(v.vm.cpus),
  memoryMiB: String(v.vm.memoryMiB),
  diskGiB: String(v.vm.diskGiB),
  share: v.vm.share ?? '',
  shareDefault: v.vm.share === undefined,
  accel: v.vm.accel,
});

/** Pure: the settings a form asks for; numbers as typed (the engine says what is out of range). */
export function fromForm(f: VmForm): VmSettings {
  return {
    cpus: f.cpus.trim() === '' ? undefined : Number(f.cpus),
    memoryMiB: Number(f.memoryMiB),
    diskGiB: Number(f.diskGiB),
    share: f.shareDefault ? undefined : f.share.trim(),
    accel: f.accel,
  };
}

/**
 * Which accelerator QEMU tries first: KVM on Linux (when /dev/kvm can be
 * opened), HVF on macOS, WHPX on Windows; TCG (software emulation) always
 * comes last. An accelerator that is present but whose guest does not come
 * up is remembered, per kernel, so the next boot goes straight to TCG.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { readJson, writeFileAtomic } from '../../util/fs.js';
import type { Accelerator } from './qemu.js';

export type AccelSetting = 'auto' | Accelerator;

/** Pure: the accelerators to try, in order. A guest of another architecture than the host's can only be emulated. */
export function acceleratorsToTry(
  setting: AccelSetting,
  platform: NodeJS.Platform,
  kvmUsable: boolean,
  hung: readonly Accelerator[] = [],
  sameArch = true,
): Accelerator[] {
  if (setting !== 'auto') return [setting];
  if (!sameArch) return ['tcg'];
  const hw: Accelerator | undefined =
    platform === 'linux' ? (kvmUsable ? 'kvm' : undefined) : platform === 'darwin' ? 'hvf' : platform === 'win32' ? 'whpx' : undefined;
  return hw && !hung.includes(hw) ? [hw, 'tcg'] : ['tcg'];
}

export function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Pure: why Berth runs with TCG, in words, or nothing when TCG was not a fallback. */
export function accelNotice(tried: readonly Accelerator[], used: Accelerator, why: Partial<Record<Accelerator, string>>): string | undefined {
  if (used !== 'tcg') return undefined;
  const failed = tried.filter((a) => a !== 'tcg');
  if (!failed.length) return 'No hardware accelerator is available here, so the VM runs with TCG (software emulation), several times slower.';
  return `${failed.map((a) => `${a.toUpperCase()} ${why[a] ?? 'failed'}`).join('; ')}; the VM runs with TCG (software emulation) instead, several times slower.`;
}

interface AccelMemory {
  /** Kernel sha256 → accelerators whose guest hung with it, and why. */
  readonly hung?: Record<string, Partial<Record<Accelerator, string>>>;
}

const memoryFile = (vmDir: string) => join(vmDir, 'accelerators.json');

export async function hungAccelerators(vmDir: string, kernelSha: string): Promise<Partial<Record<Accelerator, string>>> {
  return (await readJson<AccelMemory>(memoryFile(vmDir)))?.hung?.[kernelSha] ?? {};
}

export async function rememberHung(vmDir: string, kernelSha: string, accel: Accelerator, why: string): Promise<void> {
  const m = (await readJson<AccelMemory>(memoryFile(vmDir))) ?? {};
  await writeFileAtomic(memoryFile(vmDir), JSON.stringify({ hung: { ...m.hung, [kernelSha]: { ...m.hung?.[kernelSha], [accel]: why } } }, null, 2) + '\n');
}

/** VM mode's settings as the Settings page edits them: shown with their defaults, checked against this machine before they are written. */
import { promises as fs } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import type { VmSettings, VmSettingsView } from '../contract/index.js';
import { RpcError } from '../rpc/protocol.js';
import { type HomeLayout, vmDefaults, vmLayout } from '../engine/index.js';
import { readSettings, updateSettings } from './settings-file.js';

const GIB = 1024 ** 3;

export async function vmSettingsView(l: HomeLayout): Promise<VmSettingsView> {
  const s = await readSettings(l.settingsFile);
  const disk = await fs.stat(vmLayout(l).dataDisk).catch(() => undefined);
  return {
    vm: s.engine.vm,
    defaults: vmDefaults(),
    hostCpus: availableParallelism(),
    hostMemoryMiB: Math.floor(totalmem() / 1024 / 1024),
    diskGiBNow: disk ? Math.ceil(disk.size / GIB) : undefined,
  };
}

/** Write VM settings that this machine can honour; otherwise nothing is written and the sentence says why. */
export async function setVmSettings(l: HomeLayout, vm: VmSettings): Promise<VmSettingsView> {
  const now = await vmSettingsView(l);
  const refuse = (message: string) => {
    throw new RpcError('bad_request', message);
  };
  if (now.diskGiBNow && vm.diskGiB < now.diskGiBNow)
    refuse(`The data disk is already ${now.diskGiBNow} GiB and cannot shrink (that would lose data): choose ${now.diskGiBNow} GiB or more.`);
  if (vm.cpus && vm.cpus > now.hostCpus) refuse(`This computer has ${now.hostCpus} CPUs; the VM can have at most that many.`);
  if (vm.memoryMiB > now.hostMemoryMiB) refuse(`This computer has ${now.hostMemoryMiB} MiB of memory; give the VM less.`);
  if (
    vm.share &&
    !(await fs.stat(vm.share).then(
      (st) => st.isDirectory(),
      () => false,
    ))
  )
    refuse(`The shared folder ${vm.share} is not a folder on this computer.`);
  await updateSettings(l.settingsFile, (s) => ({ ...s, engine: { ...s.engine, vm } }));
  return vmSettingsView(l);
}

/**
 * VM mode: cold boot to `/_ping` through Berth (`berth engine up --mode vm`
 * on a fresh home with TCG: backend, disks, QEMU, the guest, SSH, the
 * socket, the port forwarder) against QEMU booting the same image by hand
 * until the guest says its engine answers (baseline: the guest's own boot,
 * no Berth), alternating, in the same run. Then, on Berth's VM at idle with
 * no containers: QEMU's CPU use over 30 s and its memory, and the image's
 * size. An accelerator is tried the way Berth tries it, and its outcome is
 * printed: on these machines KVM guests hang or abort, so only TCG is timed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBerth } from '../e2e/fixtures/berth.js';
import { layout } from '../engine/engine/paths.js';
import { vmLayout } from '../engine/engine/vm/vm-driver.js';
import { ensureDataDisk, ensureKeys, ensureRootDisk, readManifest } from '../engine/engine/vm/disks.js';
import { startVm } from '../engine/engine/vm/qemu.js';
import { findImageDir, FW_CFG, READY_MARKER } from '../engine/engine/vm/recipe.js';
import { kvmUsable } from '../engine/engine/vm/accel.js';
import { median, type BenchResult } from './stats.js';
import { parseProcStat, parseProcStatus } from '../engine/system/proc-usage.js';

const ROUNDS = 3;
const MB = 1024 * 1024;

function freshHome(tag: string): string {
  const home = mkdtempSync(`/tmp/bv${tag}-`);
  writeFileSync(layout(home).settingsFile, JSON.stringify({ engine: { mode: 'vm', vm: { accel: 'tcg', share: '', diskGiB: 16 } } }));
  return home;
}

/** `berth engine up --mode vm` to DOCKER_HOST, then down; a fresh home (removed after) unless one is given. */
async function berthBoot(existing?: string): Promise<number> {
  const home = existing ?? freshHome('b');
  const t0 = performance.now();
  const up = await runBerth(home, ['engine', 'up', '--mode', 'vm']);
  const ms = performance.now() - t0;
  if (up.code !== 0) throw new Error(up.stderr);
  await runBerth(home, ['engine', 'down']);
  if (!existing) rmSync(home, { recursive: true, force: true });
  return ms;
}

/** QEMU by hand, the machine Berth starts (root, data disk, keys in fw_cfg, no share): spawn to the guest's "engine answers" line. */
async function qemuBoot(imageDir: string, rootDisk: string, scratch: string, freshDisk: boolean): Promise<number> {
  const keys = await ensureKeys(join(scratch, 'keys'));
  // A new data disk, as a fresh Berth home has (both format it on first boot), or the one from before.
  const dataDisk = join(scratch, 'data.img');
  if (freshDisk) rmSync(dataDisk, { force: true });
  await ensureDataDisk(dataDisk, 16);
  const t0 = performance.now();
  const vm = startVm({
    imageDir,
    rootDisk,
    dataDisk,
    accel: 'tcg',
    cpus: 2,
    memoryMiB: 2048,
    fwCfg: { [FW_CFG.hostKey]: keys.hostKeyFile, [FW_CFG.authorizedKey]: keys.authorizedKeyFile },
  });
  await vm.waitFor(READY_MARKER, 240_000);
  const ms = performance.now() - t0;
  vm.kill();
  await vm.exited;
  return ms;
}

/** user+system CPU seconds of a process so far. */
function cpuSeconds(pid: number): number {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString());
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuTicks / ticks;
}

const rssMiB = (pid: number) => parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8')) / 2 ** 20;

/** Berth's way with an accelerator: does its guest print the kernel banner within 8 s? */
async function tryAccelerator(imageDir: string, rootDisk: string): Promise<string> {
  if (!kvmUsable()) return 'no /dev/kvm here';
  const t0 = performance.now();
  const vm = startVm({ imageDir, rootDisk, accel: 'kvm', cpus: 2, memoryMiB: 2048 });
  try {
    await vm.waitFor('Linux version', 8_000);
    await vm.waitFor(READY_MARKER, 60_000);
    return `KVM boots to the engine in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  } catch (err) {
    return `KVM does not boot here (${(err as Error).message.replace(/\s+/g, ' ').slice(0, 160)}); Berth falls back to TCG`;
  } finally {
    vm.kill();
    await vm.exited;
  }
}

export async function benchVm(): Promise<BenchResult[]> {
  const imageDir = findImageDir();
  const manifest = await readManifest(imageDir);
  const scratch = mkdtempSync('/tmp/bvr-');
  const rootDisk = await ensureRootDisk(imageDir, scratch);
  const image = Object.values(manifest.files).reduce((a, f) => a + f.bytes, 0);
  console.log(
    `vm image: ${(image / MB).toFixed(1)} MB compressed (budget 300 MB), root ${(manifest.rootBytes / MB).toFixed(0)} MB unpacked, ${manifest.packages.length} packages`,
  );
  console.log(`vm accelerator: ${await tryAccelerator(imageDir, rootDisk)}`);

  // First boots: a fresh home (Berth unpacks the root, makes keys, formats the data disk) against QEMU on a new data disk.
  const firstBerth: number[] = [];
  const firstQemu: number[] = [];
  for (let i = 0; i < 2; i++) {
    firstQemu.push(await qemuBoot(imageDir, rootDisk, scratch, true));
    firstBerth.push(await berthBoot());
  }
  // Later boots: the same home again, against QEMU on the same data disk again.
  const home0 = freshHome('w');
  await berthBoot(home0);
  const berth: number[] = [];
  const qemu: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    qemu.push(await qemuBoot(imageDir, rootDisk, scratch, false));
    berth.push(await berthBoot(home0));
  }
  rmSync(home0, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });

  // Idle: a booted VM with no containers, left 20 s to settle, then 30 s measured.
  const home = freshHome('i');
  const up = await runBerth(home, ['engine', 'up', '--mode', 'vm']);
  if (up.code !== 0) throw new Error(up.stderr);
  const pid = Number(readFileSync(vmLayout(layout(home)).pidfile, 'utf8'));
  await new Promise((r) => setTimeout(r, 20_000));
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 30_000));
  const idlePct = ((cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
  const rss = rssMiB(pid);
  await runBerth(home, ['engine', 'down']);
  rmSync(home, { recursive: true, force: true });
  console.log(
    `vm idle (TCG, no containers): QEMU uses ${idlePct.toFixed(2)}% of one core (target under 2%); resident memory ${rss.toFixed(0)} MiB of the 2048 MiB given`,
  );

  const qemuLabel = 'QEMU by hand, the same machine, to the guest’s "engine answers" line';
  return [
    {
      name: 'VM cold boot to /_ping with TCG, a home used before (target under 30 s)',
      unit: 'ms',
      subject: { label: 'berth engine up --mode vm (CLI, backend, QEMU, guest, SSH, socket, ports)', samples: berth, median: median(berth) },
      baseline: { label: qemuLabel, samples: qemu, median: median(qemu) },
    },
    {
      name: 'VM first boot with TCG, a fresh home (root unpacked, keys made, data disk formatted)',
      unit: 'ms',
      subject: { label: 'berth engine up --mode vm', samples: firstBerth, median: median(firstBerth) },
      baseline: { label: `${qemuLabel}, new data disk`, samples: firstQemu, median: median(firstQemu) },
    },
  ];
}

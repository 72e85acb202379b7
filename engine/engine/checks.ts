/**
 * What each engine mode needs on this machine, probed for real (programs on
 * the search paths, the user, /dev/kvm's permissions, the VM image, an
 * answering endpoint, and for a user other than root what the rootless
 * engine needs: rootless-checks.ts): for each mode whether it can run, what stops it and
 * how to fix that, and notes on what works less well. The first start and
 * the Engine page use it to offer the modes that will work.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { EngineMode, HostProblem, ModeCheck } from '../contract/index.js';
import { rootlessProblems } from './rootless-checks.js';
import { rootlessFacts } from './rootless-host.js';
import { findEngineBinaries } from './binaries.js';
import { findNft, NO_NFT } from './nat.js';
import { parseDockerHost, ping } from './driver.js';
import { resolveEndpoint } from './external.js';
import { findImageDir } from './vm/recipe.js';
import { findQemu } from './vm/host.js';
import { findVirtiofsd, shareUnavailable } from './vm/share.js';

/** Pure: a "what is wrong: what to do" sentence as a problem and its fix. */
const asProblem = (message: string) => ({ problem: message.split(':')[0]! + '.', fix: message.slice(message.indexOf(':') + 1).trim() });

const attempt = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

function kvmAccess(): 'yes' | 'no-device' | 'denied' {
  if (!existsSync('/dev/kvm')) return 'no-device';
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return 'yes';
  } catch {
    return 'denied';
  }
}

async function nativeCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, isRoot: boolean): Promise<ModeCheck> {
  const problems: HostProblem[] = [];
  const notes: string[] = [];
  if (platform !== 'linux') problems.push({ problem: 'Native mode runs dockerd directly, which needs Linux.', fix: 'Use VM mode.' });
  else {
    const missing = attempt(() => findEngineBinaries(env));
    if (missing) problems.push(asProblem(missing));
    if (!isRoot) {
      // Any user but root gets the rootless engine.
      const rootless = rootlessProblems(await rootlessFacts(env));
      problems.push(...rootless.problems);
      notes.push(`${userInfo().username} is not root, so native mode runs the rootless engine (under RootlessKit).`, ...rootless.notes);
    }
  }
  // The root engine still runs without nft, but its containers cannot reach the network.
  if (platform === 'linux' && isRoot && !findNft(env)) notes.push(NO_NFT);
  return { mode: 'native', usable: problems.length === 0, problems, notes };
}

function vmCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, isRoot: boolean): ModeCheck {
  const problems: HostProblem[] = [];
  const notes: string[] = [];
  const qemu = attempt(() => findQemu('x86_64', env, platform));
  if (qemu) problems.push(asProblem(qemu));
  const image = attempt(() => findImageDir(env));
  if (image) problems.push({ problem: 'The VM image is not built.', fix: 'Run `npm run engine:image` (the packaged app ships it).' });
  if (platform === 'win32') problems.push({ problem: 'VM mode on Windows was never tried.', fix: 'Use external mode with an engine you have.' });
  if (platform === 'linux') {
    const kvm = kvmAccess();
    if (kvm === 'denied')
      notes.push(
        `${userInfo().username} may not use /dev/kvm, so the VM runs with TCG, several times slower: join the kvm group (sudo usermod -aG kvm ${userInfo().username}, then log in again).`,
      );
    if (kvm === 'no-device') notes.push('There is no /dev/kvm (no hardware virtualisation here), so the VM runs with TCG, several times slower.');
  }
  const share = shareUnavailable(platform, isRoot, !!findVirtiofsd(env));
  if (share) notes.push(share);
  return { mode: 'vm', usable: problems.length === 0, problems, notes };
}

async function externalCheck(chosenHost: string | undefined, env: NodeJS.ProcessEnv): Promise<ModeCheck> {
  const { dockerHost, source } = await resolveEndpoint(chosenHost, env);
  const answers = await ping(parseDockerHost(dockerHost), 2000).catch(() => false);
  return answers
    ? { mode: 'external', usable: true, problems: [], notes: [`Uses the engine at ${dockerHost} (from ${source}).`] }
    : {
        mode: 'external',
        usable: false,
        problems: [{ problem: `No Docker engine answers at ${dockerHost} (from ${source}).`, fix: 'Start that engine, or give another with --host.' }],
        notes: [],
      };
}

/** Every mode's check, native, VM, external. */
export async function checkModes(
  chosenHost?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<ModeCheck[]> {
  const isRoot = process.getuid?.() === 0;
  return [await nativeCheck(env, platform, isRoot), vmCheck(env, platform, isRoot), await externalCheck(chosenHost, env)];
}

/** Pure: the modes that will work, best first (the chosen one when it works). */
export function workingModes(checks: readonly ModeCheck[], chosen: EngineMode): EngineMode[] {
  const ok = checks.filter((c) => c.usable).map((c) => c.mode);
  return [...ok.filter((m) => m === chosen), ...ok.filter((m) => m !== chosen)];
}

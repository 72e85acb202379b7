/**
 * What the rootless engine needs from this machine, judged from facts read
 * off it (rootless-host.ts reads them): subordinate ID ranges for the user,
 * newuidmap/newgidmap, RootlessKit and slirp4netns, user namespaces,
 * /dev/net/tun, and the cgroup version. Pure, so it is tested on recorded
 * inputs; each problem carries the one command that fixes it, and the id
 * of that fix so the backend can run exactly that command through pkexec.
 */
import type { HostFixId, HostProblem } from './contract.js';

/** The machine as the rootless engine sees it. */
export interface RootlessFacts {
  readonly user: string;
  readonly uid: number;
  /** /etc/subuid and /etc/subgid text; undefined when the file is missing. */
  readonly subuid?: string;
  readonly subgid?: string;
  /** Which programs were found (on the engine search path). */
  readonly programs: Readonly<Record<'newuidmap' | 'newgidmap' | 'rootlesskit' | 'slirp4netns' | 'rootlesskit-docker-proxy', boolean>>;
  /** /proc/sys values, undefined when the file does not exist on this kernel. */
  readonly sysctl: {
    readonly unprivilegedUsernsClone?: string;
    readonly maxUserNamespaces?: string;
    readonly apparmorRestrictUserns?: string;
    readonly unprivilegedPortStart?: string;
  };
  readonly tun: 'ok' | 'missing' | 'denied';
  /** 2 when /sys/fs/cgroup is the unified hierarchy (cgroup2fs). */
  readonly cgroupVersion: 1 | 2;
  /** Whether pkexec is here to run a privileged fix. */
  readonly pkexec: boolean;
}

/** How many subordinate IDs the rootless engine asks for (images use IDs up to 65534). */
export const SUBID_COUNT = 65536;
const SUBID_FIRST = 100000;

interface SubidRange {
  readonly owner: string;
  readonly start: number;
  readonly count: number;
}

/** Pure: the ranges of an /etc/subuid or /etc/subgid file (comments and malformed lines skipped). */
export function parseSubids(text: string | undefined): SubidRange[] {
  const out: SubidRange[] = [];
  for (const line of (text ?? '').split('\n')) {
    const [owner, start, count] = line.trim().split(':');
    if (!owner || owner.startsWith('#') || !/^\d+$/.test(start ?? '') || !/^\d+$/.test(count ?? '')) continue;
    out.push({ owner, start: Number(start), count: Number(count) });
  }
  return out;
}

/** Pure: how many subordinate IDs the user has (entries name the user or its uid). */
export function subidsOf(text: string | undefined, user: string, uid: number): number {
  return parseSubids(text)
    .filter((r) => r.owner === user || r.owner === String(uid))
    .reduce((n, r) => n + r.count, 0);
}

/** Pure: the first range of SUBID_COUNT IDs from 100000 on that no entry of either file uses. */
export function freeSubidRange(subuid: string | undefined, subgid: string | undefined): { start: number; end: number } {
  const taken = [...parseSubids(subuid), ...parseSubids(subgid)];
  let start = SUBID_FIRST;
  for (;;) {
    const end = start + SUBID_COUNT - 1;
    const clash = taken.find((r) => r.start <= end && start < r.start + r.count);
    if (!clash) return { start, end };
    start = Math.max(start + SUBID_COUNT, clash.start + clash.count);
  }
}

/** Pure: the command (argv, run as root) behind each fix, for this machine's facts. */
export function fixArgv(id: HostFixId, f: RootlessFacts): string[] {
  switch (id) {
    case 'subids': {
      const { start, end } = freeSubidRange(f.subuid, f.subgid);
      return ['usermod', '--add-subuids', `${start}-${end}`, '--add-subgids', `${start}-${end}`, f.user];
    }
    case 'uidmap':
      return ['apt-get', 'install', '-y', 'uidmap'];
    case 'rootlesskit':
      return ['apt-get', 'install', '-y', 'rootlesskit', 'slirp4netns'];
    case 'userns-clone':
      return ['sysctl', '-w', 'kernel.unprivileged_userns_clone=1'];
    case 'max-userns':
      return ['sysctl', '-w', 'user.max_user_namespaces=28633'];
    case 'apparmor-userns':
      return ['sysctl', '-w', 'kernel.apparmor_restrict_unprivileged_userns=0'];
    case 'tun-module':
      return ['modprobe', 'tun'];
    case 'tun-mode':
      return ['chmod', '0666', '/dev/net/tun'];
  }
}

/** Pure: a fix as the user would type it in a terminal. */
export const fixCommand = (id: HostFixId, f: RootlessFacts): string => `sudo ${fixArgv(id, f).join(' ')}`;

/** Pure: what stops the rootless engine here (each with its fix), and what works less well. */
export function rootlessProblems(f: RootlessFacts): { problems: HostProblem[]; notes: string[] } {
  const problems: HostProblem[] = [];
  const add = (problem: string, fix: string, id: HostFixId) => problems.push({ problem, fix, command: fixCommand(id, f), ...(f.pkexec ? { fixId: id } : {}) });

  const uids = subidsOf(f.subuid, f.user, f.uid);
  const gids = subidsOf(f.subgid, f.user, f.uid);
  if (uids < SUBID_COUNT || gids < SUBID_COUNT) {
    const which = [uids < SUBID_COUNT ? `/etc/subuid (${uids})` : '', gids < SUBID_COUNT ? `/etc/subgid (${gids})` : ''].filter(Boolean);
    add(
      `${f.user} has fewer than ${SUBID_COUNT} subordinate IDs in ${which.join(' and ')}, which the rootless engine maps its containers' users to.`,
      `Give ${f.user} a range of its own.`,
      'subids',
    );
  }
  if (!f.programs.newuidmap || !f.programs.newgidmap) {
    add('newuidmap and newgidmap are missing: the rootless engine needs them to map user IDs.', "Install Debian's uidmap package.", 'uidmap');
  }
  const kit = (['rootlesskit', 'slirp4netns', 'rootlesskit-docker-proxy'] as const).filter((p) => !f.programs[p]);
  if (kit.length) {
    add(
      `${kit.join(', ')} ${kit.length > 1 ? 'are' : 'is'} missing: the rootless engine runs under RootlessKit with slirp4netns for its network.`,
      "Install Debian's rootlesskit and slirp4netns packages.",
      'rootlesskit',
    );
  }
  if (f.sysctl.unprivilegedUsernsClone === '0') {
    add('User namespaces are off for users other than root (kernel.unprivileged_userns_clone=0).', 'Turn them on.', 'userns-clone');
  }
  if (f.sysctl.maxUserNamespaces === '0') {
    add('User namespaces are off (user.max_user_namespaces=0).', 'Allow them.', 'max-userns');
  }
  if (f.sysctl.apparmorRestrictUserns === '1') {
    add('AppArmor stops users from creating user namespaces (kernel.apparmor_restrict_unprivileged_userns=1).', 'Lift the restriction.', 'apparmor-userns');
  }
  if (f.tun === 'missing') add('/dev/net/tun does not exist: slirp4netns needs a TAP device for the engine network.', 'Load the tun module.', 'tun-module');
  if (f.tun === 'denied') {
    add(
      `${f.user} may not open /dev/net/tun, which slirp4netns needs for the engine network (Debian desktops leave it open to all, mode 0666).`,
      'Open it to users.',
      'tun-mode',
    );
  }

  const notes: string[] = [];
  if (f.cgroupVersion === 1) {
    notes.push(
      'This machine boots with cgroup v1, so rootless containers run without memory or CPU limits (booting with cgroup v2, systemd.unified_cgroup_hierarchy=1, gives them limits).',
    );
  }
  const portStart = Number(f.sysctl.unprivilegedPortStart ?? 1024);
  if (portStart > 0) {
    notes.push(
      `Ports below ${portStart} cannot be published by the rootless engine (they are privileged): use a port from ${portStart} up, or run \`sudo sysctl -w net.ipv4.ip_unprivileged_port_start=0\`.`,
    );
  }
  return { problems, notes };
}

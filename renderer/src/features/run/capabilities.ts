/** Pure: what each Linux capability lets a process do, in a few words, and the edits the capability picker makes. */
import { CAPABILITIES, DEFAULT_CAPABILITIES, effectiveCapabilities } from '../../../../engine/contract/run-spec';

export { CAPABILITIES, DEFAULT_CAPABILITIES, effectiveCapabilities };

/** One short line per capability (see capabilities(7) for the whole story). */
export const CAPABILITY_TEXT: Readonly<Record<(typeof CAPABILITIES)[number], string>> = {
  CHOWN: 'Change the owner of any file.',
  DAC_OVERRIDE: 'Read, write and run files whatever their permissions say.',
  DAC_READ_SEARCH: 'Read any file and list any folder, and open files by handle.',
  FOWNER: 'Act as the owner of any file (chmod, utime, sticky folders).',
  FSETID: 'Keep set-user-ID and set-group-ID bits when a file changes.',
  KILL: 'Send signals to processes of other users.',
  SETGID: 'Change its group IDs.',
  SETUID: 'Change its user IDs.',
  SETPCAP: 'Pass on or drop capabilities of its own.',
  LINUX_IMMUTABLE: 'Set the immutable and append-only file flags.',
  NET_BIND_SERVICE: 'Listen on ports below 1024.',
  NET_BROADCAST: 'Broadcast and listen to multicast.',
  NET_ADMIN: 'Configure interfaces, routes, firewall rules and the like.',
  NET_RAW: 'Use raw and packet sockets (ping, packet capture).',
  IPC_LOCK: 'Lock memory so it is never swapped out.',
  IPC_OWNER: 'Bypass the permissions of System V IPC objects.',
  SYS_MODULE: 'Load and unload kernel modules.',
  SYS_RAWIO: 'Raw I/O on ports and devices.',
  SYS_CHROOT: 'Use chroot.',
  SYS_PTRACE: 'Trace and inspect any process (debuggers, strace).',
  SYS_PACCT: 'Turn process accounting on or off.',
  SYS_ADMIN: 'Mount file systems and much more: close to full root.',
  SYS_BOOT: 'Reboot the machine.',
  SYS_NICE: 'Raise priorities and set scheduling of any process.',
  SYS_RESOURCE: 'Go past resource limits and quotas.',
  SYS_TIME: 'Set the system clock.',
  SYS_TTY_CONFIG: 'Configure terminals (vhangup).',
  MKNOD: 'Create device files.',
  LEASE: 'Take leases on any file.',
  AUDIT_WRITE: 'Write to the kernel audit log.',
  AUDIT_CONTROL: 'Configure kernel auditing.',
  SETFCAP: 'Set file capabilities.',
  MAC_OVERRIDE: 'Bypass mandatory access control (Smack).',
  MAC_ADMIN: 'Configure mandatory access control.',
  SYSLOG: 'Read and clear the kernel log.',
  WAKE_ALARM: 'Set alarms that wake the system.',
  BLOCK_SUSPEND: 'Keep the system from suspending.',
  AUDIT_READ: 'Read the audit log through multicast.',
  PERFMON: 'Use performance monitoring (perf).',
  BPF: 'Load BPF programs and maps.',
  CHECKPOINT_RESTORE: 'Checkpoint and restore processes (CRIU).',
};

/** The capability words of a field (spaces, commas or lines between them), upper case, without CAP_. */
export function capWords(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase().replace(/^CAP_/, ''));
}

/** The field's text with one capability put in or taken out; the other words stay as they were typed. */
export function withCap(text: string, cap: string, on: boolean): string {
  const words = text.split(/[\s,]+/).filter(Boolean);
  const same = (w: string) => w.toUpperCase().replace(/^CAP_/, '') === cap;
  if (on) return words.some(same) ? words.join(' ') : [...words, cap].join(' ');
  return words.filter((w) => !same(w)).join(' ');
}

/**
 * Processes a dead engine can leave behind: containerd shims (and the
 * containers under them) that name the engine's exec-root. Found through
 * /proc and killed so a stopped engine leaves nothing running.
 */
import { promises as fs } from 'node:fs';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
}

async function listProcs(): Promise<Proc[]> {
  const out: Proc[] = [];
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = (await fs.readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
      /* exited while we looked */
    }
  }
  return out;
}

/** Pure: pids of processes mentioning `marker`, with all their descendants, children first. */
export function straysOf(procs: readonly Proc[], marker: string, self = process.pid): number[] {
  const roots = procs.filter((p) => p.pid !== self && p.cmdline.includes(marker)).map((p) => p.pid);
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const order: number[] = [];
  const seen = new Set<number>();
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    for (const c of children.get(pid) ?? []) visit(c);
    order.push(pid);
  };
  roots.forEach(visit);
  return order;
}

/** SIGKILL every process under the marker (containers first, then their shims); returns how many. */
export async function killStrays(marker: string): Promise<number> {
  if (process.platform !== 'linux') return 0;
  const pids = straysOf(await listProcs(), marker);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  }
  return pids.length;
}

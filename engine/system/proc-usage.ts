/** A process's CPU time and resident memory, read from Linux's /proc (`stat` and `status`), and its CPU share between two reads. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** One read of a process: CPU time used so far (user + system, all threads) and resident memory. */
export interface ProcSample {
  /** The process's name as the kernel keeps it (`comm`). */
  readonly name: string;
  /** Clock ticks spent in user and kernel mode since the process started. */
  readonly cpuTicks: number;
  /** Resident memory in bytes (VmRSS). */
  readonly rssBytes: number;
  /** When it was read, epoch milliseconds. */
  readonly at: number;
}

/**
 * Pure: the name and CPU ticks of a `/proc/<pid>/stat` line. The name sits in parentheses and may itself hold spaces and
 * parentheses, so the fields are counted from the last ")": utime and stime are the 14th and 15th fields.
 */
export function parseProcStat(text: string): { name: string; cpuTicks: number } {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('Not a /proc stat line: it has no "(name)".');
  // After ")": state is field 3, so utime (14) and stime (15) are the 12th and 13th words.
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('Not a /proc stat line: utime and stime are missing.');
  return { name: text.slice(open + 1, close), cpuTicks: utime + stime };
}

/** Pure: resident memory in bytes from `/proc/<pid>/status` (its "VmRSS: N kB" line); 0 for a process without one (a zombie). */
export function parseProcStatus(text: string): number {
  const m = /^VmRSS:\s*(\d+)\s*kB/m.exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * Pure: the CPU a process used between two reads, in percent of one CPU (as `top` and `docker stats` count: two busy cores are
 * 200%); undefined when the reads are not in order.
 */
export function cpuPercentBetween(before: ProcSample, after: ProcSample, ticksPerSecond: number): number | undefined {
  const wall = (after.at - before.at) / 1000;
  if (wall <= 0 || after.cpuTicks < before.cpuTicks) return undefined;
  return ((after.cpuTicks - before.cpuTicks) / ticksPerSecond / wall) * 100;
}

let ticks: Promise<number> | undefined;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on every common Linux when it cannot be asked). */
export function ticksPerSecond(): Promise<number> {
  ticks ??= new Promise((resolve) =>
    execFile('getconf', ['CLK_TCK'], { timeout: 5000 }, (err, out) => {
      const n = Number(String(out).trim());
      resolve(!err && n > 0 ? n : 100);
    }),
  );
  return ticks;
}

/** Read a process's CPU ticks and memory now; fails when the process is gone or /proc is not there. */
export async function readProc(pid: number, root = '/proc'): Promise<ProcSample> {
  const [stat, status] = await Promise.all([readFile(`${root}/${pid}/stat`, 'utf8'), readFile(`${root}/${pid}/status`, 'utf8')]);
  const at = Date.now();
  return { ...parseProcStat(stat), rssBytes: parseProcStatus(status), at };
}

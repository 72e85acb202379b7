/**
 * The soak's independent reading of the engine: the Docker API over its unix
 * socket with plain HTTP, sharing no code with Berth (not dockerode, not
 * Berth's services), normalised into a picture the page's can be compared with.
 */
import { request } from 'node:http';

/** One reading of everything the soak compares: key → value (see picture.ts). */
export interface Picture {
  /** When it was read (ms, Date.now()). */
  readonly at: number;
  /** Whether the engine answered /_ping. */
  readonly up: boolean;
  readonly values: ReadonlyMap<string, string>;
}

function get(socketPath: string, path: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // A new connection each time (no keep-alive): a dockerd shutting down still answers on connections it already has, but has closed its socket.
    const req = request({ socketPath, path, method: 'GET', timeout: timeoutMs, agent: false, headers: { Host: 'docker' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

interface ApiContainer {
  Names: string[];
  State: string;
  Status: string;
  Labels: Record<string, string> | null;
  Ports: { PrivatePort: number; PublicPort?: number; Type: string }[] | null;
}
interface ApiImage {
  RepoTags: string[] | null;
}
interface ApiVolumes {
  Volumes: { Name: string }[] | null;
}

/** "Up 3 seconds (Paused)" → "Up (Paused)", "Exited (3) 2 minutes ago" → "Exited (3)": the part of a status that does not age. */
export function steadyStatus(status: string): string {
  const s = status.replace(/ \((healthy|unhealthy|health: starting)\)$/, '').trim();
  if (/^Up /.test(s)) return s.endsWith('(Paused)') ? 'Up (Paused)' : 'Up';
  const m = /^(Exited \(-?\d+\)|Restarting \(-?\d+\))/.exec(s);
  return m ? m[1]! : s;
}

/** Published ports as "public→private/proto" (private alone when not published), sorted, once each. */
export function portsText(ports: readonly { publicPort?: number; privatePort: number; type: string }[]): string {
  return [...new Set(ports.map((p) => `${p.publicPort ? `${p.publicPort}→` : ''}${p.privatePort}/${p.type}`))].sort().join(' ');
}

/** The label Berth puts on its own helper containers, which its list leaves out by design. */
const HELPER_LABEL = 'dev.berth.helper';
/** Berth's own helper image, which its image list leaves out by design. */
const HELPER_IMAGE = 'berth/helper:busybox';

/** Read the engine once. Containers: `c:<name>` → "state|steady status|ports"; images: `i:<repo:tag>` → "tag", `i:<dangling>` → count; volumes: `v:<name>`. */
export async function readTruth(socketPath: string): Promise<Picture> {
  const at = Date.now();
  const values = new Map<string, string>();
  try {
    const ping = await get(socketPath, '/_ping', 1000);
    if (ping.status !== 200) return { at, up: false, values };
    const [cs, is, vs] = await Promise.all([get(socketPath, '/containers/json?all=1'), get(socketPath, '/images/json'), get(socketPath, '/volumes')]);
    if (cs.status !== 200 || is.status !== 200 || vs.status !== 200) return { at, up: false, values };
    for (const c of JSON.parse(cs.body) as ApiContainer[]) {
      if (c.Labels?.[HELPER_LABEL]) continue;
      const name = (c.Names[0] ?? '').replace(/^\//, '');
      const ports = portsText((c.Ports ?? []).map((p) => ({ publicPort: p.PublicPort, privatePort: p.PrivatePort, type: p.Type })));
      values.set(`c:${name}`, `${c.State}|${steadyStatus(c.Status)}|${ports}`);
    }
    let dangling = 0;
    for (const i of JSON.parse(is.body) as ApiImage[]) {
      const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
      if (tags.includes(HELPER_IMAGE)) continue;
      if (!tags.length) dangling++;
      for (const t of tags) values.set(`i:${t}`, 'tag');
    }
    values.set('i:<dangling>', String(dangling));
    for (const v of (JSON.parse(vs.body) as ApiVolumes).Volumes ?? []) values.set(`v:${v.Name}`, 'volume');
    return { at, up: true, values };
  } catch {
    return { at, up: false, values: new Map() };
  }
}

/**
 * Read the engine every `intervalMs` in the background, keeping the readings
 * of the last `keepMs`: the truth a page reading is compared against.
 */
export class TruthRecorder {
  private readonly history: Picture[] = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly socketPath: string,
    private readonly intervalMs = 100,
    private readonly keepMs = 5000,
  ) {}

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      const p = await readTruth(this.socketPath);
      this.history.push(p);
      const cut = Date.now() - this.keepMs;
      while (this.history.length > 1 && this.history[0]!.at < cut) this.history.shift();
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.intervalMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The readings taken in [from, to]. */
  between(from: number, to: number): Picture[] {
    return this.history.filter((p) => p.at >= from && p.at <= to);
  }

  /** The newest reading. */
  latest(): Picture | undefined {
    return this.history[this.history.length - 1];
  }

  /** A reading taken after `after` (waiting for it). */
  async next(after = Date.now()): Promise<Picture> {
    for (;;) {
      const l = this.latest();
      if (l && l.at > after) return l;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

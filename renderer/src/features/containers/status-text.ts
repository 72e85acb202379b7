/**
 * Pure: keep the engine's status line ("Up 3 seconds", "Exited (0) 5 minutes
 * ago") true as time passes, without asking the engine again: read the
 * duration it states, add the time since it was observed, and say it again
 * the way the docker CLI does.
 */

const UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000 };

/** Seconds in a docker-style human duration ("About a minute", "3 hours"); undefined when it is not one. */
export function parseHumanDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'less than a second') return 0;
  const about = /^about (a|an) (second|minute|hour|day|week|month|year)$/.exec(t);
  if (about) return UNIT[about[2]!];
  const n = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(t);
  if (n) return Number(n[1]) * UNIT[n[2]!]!;
  return undefined;
}

/** Seconds as the docker CLI says them (go-units HumanDuration). */
export function humanDuration(sec: number): string {
  if (sec < 1) return 'Less than a second';
  if (sec === 1) return '1 second';
  if (sec < 60) return `${Math.floor(sec)} seconds`;
  const min = sec / 60;
  if (Math.floor(min) === 1) return 'About a minute';
  if (min < 60) return `${Math.floor(min)} minutes`;
  const h = Math.round(min / 60);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

/** The status line as it reads now. Lines without a duration are returned unchanged. */
export function currentStatus(status: string, observedAt: number, now: number): string {
  const elapsed = Math.max(0, (now - observedAt) / 1000);
  const up = /^Up (.+?)( \((?:Paused|healthy|unhealthy|health: starting)\))?$/.exec(status);
  if (up) {
    const d = parseHumanDuration(up[1]!);
    return d === undefined ? status : `Up ${humanDuration(d + elapsed)}${up[2] ?? ''}`;
  }
  const exited = /^(Exited \(-?\d+\)|Dead|Restarting \(-?\d+\)) (.+) ago$/.exec(status);
  if (exited) {
    const d = parseHumanDuration(exited[2]!);
    return d === undefined ? status : `${exited[1]} ${humanDuration(d + elapsed)} ago`;
  }
  return status;
}

export type Health = 'healthy' | 'unhealthy' | 'starting';

/** The health check state a status line carries, if the container has a health check. */
export function healthOf(status: string): Health | undefined {
  const m = /\((healthy|unhealthy|health: starting)\)$/.exec(status);
  if (!m) return undefined;
  return m[1] === 'health: starting' ? 'starting' : (m[1] as Health);
}

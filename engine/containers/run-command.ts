/**
 * "Copy as docker run": the `docker run` command line that recreates a
 * container, from its inspect data and its image's (so only what differs
 * from the image is spelled out). Pure, unit-tested and round-tripped.
 */
import type Docker from 'dockerode';
import { capabilityWord, formatDuration, formatMemory } from './run-options.js';

/** Quote one shell word only when it needs it. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const same = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

type Inspect = Pick<Docker.ContainerInspectInfo, 'Id' | 'Name' | 'Config' | 'HostConfig'>;
type Health = { Test?: string[] | null; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
type ImageConfig = {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | string | null;
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string> | null;
  Volumes?: Record<string, object> | null;
  Healthcheck?: Health | null;
};

/** What the command needs to know of the engine: its machine's host name (a host-network container's default). */
export interface EngineFacts {
  readonly hostname?: string;
}

/** The words of the command (`docker`, `run`, …), before quoting. */
export function runCommandWords(c: Inspect, image: ImageConfig = {}, engine: EngineFacts = {}): string[] {
  const cfg = c.Config;
  const host = c.HostConfig as Docker.HostConfig & {
    Init?: boolean | null;
    Mounts?: Array<{ Type: string; Source?: string; Target: string; ReadOnly?: boolean }>;
  };
  const w: string[] = ['docker', 'run'];
  const interactive = cfg.OpenStdin;
  if (interactive && cfg.Tty) w.push('-it');
  else if (interactive) w.push('-i');
  else if (cfg.Tty) w.push('-t');
  if (!host.AutoRemove || !interactive) w.push('-d');
  w.push('--name', c.Name.replace(/^\//, ''));
  if (host.AutoRemove) w.push('--rm');

  const imageEnv = new Set(image.Env ?? []);
  for (const e of cfg.Env ?? []) if (!imageEnv.has(e)) w.push('-e', e);

  if (host.PublishAllPorts) w.push('-P');
  // By port key, as the engine's JSON has them.
  for (const [port, bindings] of Object.entries((host.PortBindings ?? {}) as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as Array<
    [string, Array<{ HostIp?: string; HostPort?: string }> | null]
  >) {
    const inside = port.endsWith('/tcp') ? port.slice(0, -4) : port;
    for (const b of bindings ?? []) {
      const ip = b.HostIp ? `${b.HostIp.includes(':') ? `[${b.HostIp}]` : b.HostIp}:` : '';
      w.push('-p', ip ? `${ip}${b.HostPort ?? ''}:${inside}` : b.HostPort ? `${b.HostPort}:${inside}` : inside);
    }
  }
  const bound = new Set<string>();
  // The engine keeps binds in no stable order; sorted, the same container always gives the same command.
  for (const bind of [...(host.Binds ?? [])].sort()) {
    w.push('-v', bind);
    bound.add(bind.split(':')[1] ?? '');
  }
  for (const m of [...(host.Mounts ?? [])].sort((a, b) => a.Target.localeCompare(b.Target))) {
    w.push('--mount', [`type=${m.Type}`, m.Source ? `source=${m.Source}` : '', `target=${m.Target}`, m.ReadOnly ? 'readonly' : ''].filter(Boolean).join(','));
    bound.add(m.Target);
  }
  // Sorted as the engine's JSON has them, so a made-up inspect and a real one give the same command.
  for (const v of Object.keys(cfg.Volumes ?? {}).sort()) if (!bound.has(v) && !(v in (image.Volumes ?? {}))) w.push('-v', v);

  const restart = host.RestartPolicy;
  if (restart?.Name && restart.Name !== 'no') {
    w.push('--restart', restart.Name === 'on-failure' && restart.MaximumRetryCount ? `on-failure:${restart.MaximumRetryCount}` : restart.Name);
  }
  if (host.NetworkMode && host.NetworkMode !== 'default' && host.NetworkMode !== 'bridge') w.push('--network', host.NetworkMode);
  if (cfg.User && cfg.User !== (image.User ?? '')) w.push('-u', cfg.User);
  if (cfg.WorkingDir && cfg.WorkingDir !== (image.WorkingDir ?? '')) w.push('-w', cfg.WorkingDir);
  const imageLabels = image.Labels ?? {};
  for (const [k, v] of Object.entries(cfg.Labels ?? {})) if (imageLabels[k] !== v) w.push('-l', `${k}=${v}`);
  // The engine names a container's host after its short id unless told otherwise (after the engine's machine on the host network).
  const defaultHostname = host.NetworkMode === 'host' ? engine.hostname : c.Id.slice(0, 12);
  if (cfg.Hostname && defaultHostname !== undefined && cfg.Hostname !== defaultHostname) w.push('--hostname', cfg.Hostname);
  for (const h of (host.ExtraHosts as string[] | null) ?? []) w.push('--add-host', h);
  if (host.Memory) w.push('--memory', formatMemory(host.Memory));
  if (host.NanoCpus) w.push('--cpus', String(host.NanoCpus / 1e9));
  if (host.PidsLimit && host.PidsLimit > 0) w.push('--pids-limit', String(host.PidsLimit));
  for (const cap of (host.CapAdd as string[] | null) ?? []) w.push('--cap-add', capabilityWord(cap));
  for (const cap of (host.CapDrop as string[] | null) ?? []) w.push('--cap-drop', capabilityWord(cap));
  w.push(...healthWords((cfg as { Healthcheck?: Health }).Healthcheck, image.Healthcheck));
  if (host.Privileged) w.push('--privileged');
  if (host.Init) w.push('--init');

  const entrypoint = typeof cfg.Entrypoint === 'string' ? [cfg.Entrypoint] : cfg.Entrypoint;
  const imageEntrypoint = typeof image.Entrypoint === 'string' ? [image.Entrypoint] : image.Entrypoint;
  const entrypointChanged = !same(entrypoint, imageEntrypoint);
  // --entrypoint takes one word; the rest of a longer entrypoint goes before the command.
  if (entrypointChanged && entrypoint?.length) w.push('--entrypoint', entrypoint[0]!);
  w.push(cfg.Image);
  if (entrypointChanged && entrypoint && entrypoint.length > 1) w.push(...entrypoint.slice(1));
  if (entrypointChanged || !same(cfg.Cmd, image.Cmd)) w.push(...(cfg.Cmd ?? []));
  return w;
}

/** The --health-* flags for what the container's healthcheck changes from its image's. */
function healthWords(health: Health | null | undefined, image: Health | null | undefined): string[] {
  if (!health) return [];
  const w: string[] = [];
  const test = health.Test ?? [];
  if (test.length && !same(test, image?.Test)) {
    if (test[0] === 'NONE') return ['--no-healthcheck'];
    // CMD-SHELL runs one string; CMD's words are given to a shell joined, which is what --health-cmd can say.
    if (test[0] === 'CMD-SHELL' || test[0] === 'CMD')
      w.push('--health-cmd', test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : test.slice(1).map(shellQuote).join(' '));
  }
  const timing = (flag: string, ns: number | undefined, imageNs: number | undefined) => {
    if (ns && ns !== imageNs) w.push(flag, formatDuration(ns / 1e6));
  };
  timing('--health-interval', health.Interval, image?.Interval);
  timing('--health-timeout', health.Timeout, image?.Timeout);
  timing('--health-start-period', health.StartPeriod, image?.StartPeriod);
  if (health.Retries && health.Retries !== image?.Retries) w.push('--health-retries', String(health.Retries));
  return w;
}

/** The command line, quoted for a POSIX shell. */
export function runCommand(c: Inspect, image?: ImageConfig, engine?: EngineFacts): string {
  return runCommandWords(c, image, engine).map(shellQuote).join(' ');
}

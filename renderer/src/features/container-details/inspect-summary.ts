/** Pure: the parts of `docker inspect` people look for first, picked out of the raw JSON. */

export interface InspectSummary {
  readonly env: ReadonlyArray<readonly [string, string]>;
  readonly mounts: ReadonlyArray<{ type: string; source: string; target: string; rw: boolean }>;
  readonly ports: ReadonlyArray<{ container: string; host: string }>;
  readonly networks: ReadonlyArray<{ name: string; ip: string; gateway: string; mac: string }>;
}

type Raw = {
  Config?: { Env?: string[] | null };
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }> | null;
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    Networks?: Record<string, { IPAddress?: string; Gateway?: string; MacAddress?: string }> | null;
  };
};

export function summariseInspect(raw: unknown): InspectSummary {
  const r = (raw ?? {}) as Raw;
  return {
    env: (r.Config?.Env ?? []).map((e) => {
      const i = e.indexOf('=');
      return i < 0 ? ([e, ''] as const) : ([e.slice(0, i), e.slice(i + 1)] as const);
    }),
    mounts: (r.Mounts ?? []).map((m) => ({
      type: m.Type ?? '',
      source: m.Type === 'volume' ? (m.Name ?? '') : (m.Source ?? ''),
      target: m.Destination ?? '',
      rw: m.RW ?? true,
    })),
    ports: Object.entries(r.NetworkSettings?.Ports ?? {}).flatMap(([container, bindings]) =>
      bindings?.length ? bindings.map((b) => ({ container, host: `${b.HostIp || '0.0.0.0'}:${b.HostPort ?? ''}` })) : [{ container, host: 'not published' }],
    ),
    networks: Object.entries(r.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
      name,
      ip: n.IPAddress ?? '',
      gateway: n.Gateway ?? '',
      mac: n.MacAddress ?? '',
    })),
  };
}

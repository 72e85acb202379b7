/** Pure: how the Engines views word an entry. */
import type { EngineEntry } from '../../../../engine/contract/index';

const KIND: Record<EngineEntry['kind'], string> = { berth: 'Berth', unix: 'Unix socket', tcp: 'TCP', tls: 'TCP + TLS', ssh: 'SSH' };

export const kindWord = (e: Pick<EngineEntry, 'kind' | 'source'>) => (e.source === 'context' ? `${KIND[e.kind]} · docker context` : KIND[e.kind]);

/** "27.3.1 · linux/amd64", or empty when the engine did not answer. */
export function platformWord(e: EngineEntry): string {
  const h = e.health;
  if (h.state !== 'up') return '';
  return [h.version, h.os && h.arch ? `${h.os}/${h.arch}` : undefined].filter(Boolean).join(' · ');
}

/** "3 containers (1 running) · 5 images". */
export function countsWord(e: EngineEntry): string {
  const h = e.health;
  if (h.state !== 'up') return '';
  const n = (count: number | undefined, one: string) => `${count ?? 0} ${one}${count === 1 ? '' : 's'}`;
  return `${n(h.containers, 'container')} (${h.running ?? 0} running) · ${n(h.images, 'image')}`;
}

/** The views that follow the window's chosen engine; the rest show Berth's own. */
export const FOLLOWING_VIEWS = 'Containers, Images, Volumes, Networks, Builds, Swarm, Services, terminals and the Dashboard';
export const OWN_ENGINE_VIEWS = 'Compose, image layers and the Engine page';

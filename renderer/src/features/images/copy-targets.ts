/** Pure: the engines an image can be copied to from this window's engine, and why the menu item is off when there is none. */
import type { EngineEntry } from '../../../../engine/contract/index';

/** An engine of the list as the Copy dialog offers it. */
export interface CopyTarget {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly up: boolean;
  /** Why it cannot take the image now (it is down), as a sentence. */
  readonly why?: string;
}

/** Every engine but the one the image is on (the window's), the ones that answer first. */
export function copyTargets(entries: readonly EngineEntry[] | undefined, current: string): CopyTarget[] {
  return (entries ?? [])
    .filter((e) => e.id !== current)
    .map((e) => ({
      id: e.id,
      name: e.id === 'berth' ? "Berth's engine" : e.name,
      host: e.host,
      up: e.health.state === 'up',
      why: e.health.state === 'up' ? undefined : (e.health.error ?? 'It does not answer.'),
    }))
    .sort((a, b) => Number(b.up) - Number(a.up));
}

/** Why "Copy to engine…" is off: no other engine in the list. */
export function copyMenuReason(entries: readonly EngineEntry[] | undefined, current: string): string | undefined {
  return copyTargets(entries, current).length ? undefined : 'Add another engine on the Engines page to copy images to it';
}

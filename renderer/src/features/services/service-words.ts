/** How the Services views word things: ports, update states, task states. Pure. */
import type { ServiceSummary, SlotPhase } from '../../../../engine/contract/index';

/** The published ports as the docker CLI writes them, host mode marked. */
export function portsText(s: Pick<ServiceSummary, 'ports'>): string {
  return s.ports.map((p) => `${p.published ? `${p.published}→` : ''}${p.target}/${p.protocol}${p.mode === 'host' ? ' (host)' : ''}`).join(', ');
}

/** The badge tone of an update state. */
export function updateTone(state: string): 'ok' | 'warn' | 'danger' | undefined {
  if (state === 'completed' || state === 'rollback_completed') return 'ok';
  if (state === 'paused' || state === 'rollback_paused') return 'danger';
  if (state === 'updating' || state === 'rollback_started') return 'warn';
  return undefined;
}

/** The words and tone of a slot's phase in the rolling-update view. */
export function phaseWords(phase: SlotPhase): { text: string; tone?: 'ok' | 'warn' | 'danger' } {
  switch (phase) {
    case 'done':
      return { text: 'updated', tone: 'ok' };
    case 'updating':
      return { text: 'updating', tone: 'warn' };
    case 'failed':
      return { text: 'failed', tone: 'danger' };
    case 'waiting':
      return { text: 'waiting' };
  }
}

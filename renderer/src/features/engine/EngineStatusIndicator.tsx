import { useEngine } from './engine-store';
import type { EngineState } from '../../../../engine/contract/dto';

const selectState = (s: ReturnType<typeof useEngine.getState>): EngineState | undefined => s.status?.state;

/** The engine's real state, live: a coloured dot and a word, announced politely when it changes. */
export function EngineStatusIndicator() {
  const state = useEngine(selectState);
  const label = state ?? 'connecting';
  return (
    <div className="status" role="status" aria-label={`Engine: ${label}`}>
      <span className="dot" data-state={state} aria-hidden />
      <span aria-hidden>Engine {label}</span>
    </div>
  );
}

/** Badge tone for an engine or container state. */
export function toneOf(state: string | undefined): 'ok' | 'warn' | 'danger' | undefined {
  switch (state) {
    case 'running':
      return 'ok';
    case 'starting':
    case 'stopping':
    case 'restarting':
    case 'paused':
    case 'created':
      return 'warn';
    case 'error':
    case 'dead':
      return 'danger';
    default:
      return undefined;
  }
}

import { useEngine } from './engine-store';
import type { EngineState } from '../../../../engine/contract/dto';

const selectState = (s: ReturnType<typeof useEngine.getState>): EngineState | undefined => s.status?.state;
const selectStage = (s: ReturnType<typeof useEngine.getState>) =>
  s.status?.stage ? `${s.status.stage.label}, ${s.status.stage.step} of ${s.status.stage.of}` : undefined;

/** The engine's real state, live: a coloured dot and a word (and the boot stage while it starts), announced politely when it changes. */
export function EngineStatusIndicator() {
  const state = useEngine(selectState);
  const stage = useEngine(selectStage);
  const label = `${state ?? 'connecting'}${stage ? ` (${stage})` : ''}`;
  return (
    <div className="status" role="status" aria-label={`Engine: ${label}`} title={`Engine: ${label}`}>
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

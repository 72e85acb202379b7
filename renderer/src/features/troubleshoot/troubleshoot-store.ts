/**
 * The Troubleshoot page's data: one of Berth's logs followed live, the engine's mode (which log to show
 * first), and the diagnostics bundle last saved. A bundle being saved finishes, and is shown, even when the
 * user looked elsewhere meanwhile.
 */
import { create } from 'zustand';
import type { Diagnostics, LogSource } from '../../../../engine/contract/dto';
import { call, subscribe } from '../../api/connection';
import { appendLines } from '../engine';

interface TroubleshootStore {
  /** The followed log's lines, newest last. */
  readonly lines: readonly string[];
  /** The engine's mode, once asked. */
  readonly mode?: string;
  readonly diagnostics: { readonly busy?: boolean; readonly result?: Diagnostics; readonly error?: string };
}

export const useTroubleshoot = create<TroubleshootStore>(() => ({ lines: [], diagnostics: {} }));

/** Follow one log from its last 500 lines while a view shows it. */
export function watchBerthLog(source: LogSource): () => void {
  useTroubleshoot.setState({ lines: [] });
  return subscribe(
    'engine.watchLogs',
    { tail: 500, source },
    {
      next: (batch) => useTroubleshoot.setState((s) => ({ lines: appendLines(s.lines, batch) })),
      // After a reconnect the tail comes again.
      reopen: () => useTroubleshoot.setState({ lines: [] }),
    },
  );
}

/** Ask the engine's mode again (native when it cannot be read). */
export function loadMode(): void {
  useTroubleshoot.setState({ mode: undefined });
  call('engine.status', {}).then(
    (s) => useTroubleshoot.setState({ mode: s.mode }),
    () => useTroubleshoot.setState({ mode: 'native' }),
  );
}

/** Save a diagnostics bundle under the Berth home. */
export async function saveDiagnostics(): Promise<void> {
  useTroubleshoot.setState({ diagnostics: { busy: true } });
  try {
    useTroubleshoot.setState({ diagnostics: { result: await call('support.diagnostics', {}) } });
  } catch (err) {
    useTroubleshoot.setState({ diagnostics: { error: (err as Error).message } });
  }
}

/** The engine slice: live status, `docker info` essentials, the log tail, and the lifecycle actions. */
import { create } from 'zustand';
import type { EngineInfo, EngineMode, EngineStatus, HostFixId, ModeCheck } from '../../../../engine/contract/dto';
import { call, subscribe } from '../../api/connection';

/** Log lines kept in memory for the Engine page. */
export const MAX_LOG_LINES = 2000;

type Action = 'start' | 'stop' | 'restart' | 'switch';

interface EngineStore {
  readonly status?: EngineStatus;
  readonly info?: EngineInfo;
  readonly logs: readonly string[];
  readonly busy?: Action;
  readonly actionError?: string;
  /** What each mode needs on this machine (from engine.check). */
  readonly checks?: readonly ModeCheck[];
  loadChecks(): Promise<void>;
  /** Have the engine run one fixed privileged fix through pkexec; the checks are read again. Resolves with the failure, if any. */
  fixHost(fix: HostFixId): Promise<string | undefined>;
  run(action: Exclude<Action, 'switch'>): Promise<void>;
  /** Stop the engine and start it in another mode, which becomes the one Berth starts with. */
  switchMode(mode: EngineMode): Promise<void>;
}

export const useEngine = create<EngineStore>((set, get) => {
  const act = async (action: Action, op: () => Promise<unknown>) => {
    if (get().busy) return;
    set({ busy: action, actionError: undefined });
    try {
      await op();
    } catch (err) {
      set({ actionError: (err as Error).message });
    } finally {
      set({ busy: undefined });
    }
  };
  return {
    logs: [],
    run: (action) => act(action, () => call(`engine.${action}`, {})),
    switchMode: (mode) => act('switch', () => call('engine.start', { mode })),
    loadChecks: async () => {
      const checks = await call('engine.check', {}).catch(() => undefined);
      if (checks) set({ checks });
    },
    fixHost: async (fix) => {
      try {
        set({ checks: await call('engine.fixHost', { fix }) });
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
});

/** Pure: append log lines, keeping the newest `max`. */
export function appendLines(lines: readonly string[], batch: readonly string[], max = MAX_LOG_LINES): string[] {
  const all = [...lines, ...batch];
  return all.length > max ? all.slice(all.length - max) : all;
}

/** Follow the engine's status for the app's lifetime; fetch `docker info` each time it comes up. */
export function watchEngine(): () => void {
  return subscribe(
    'engine.watch',
    {},
    {
      next: (status) => {
        const was = useEngine.getState().status?.state;
        useEngine.setState({ status });
        if (status.state === 'running' && was !== 'running') {
          call('engine.info', {}).then(
            (info) => useEngine.setState({ info }),
            () => undefined,
          );
        }
      },
    },
  );
}

/** Follow the engine log while a view shows it. */
export function watchEngineLogs(): () => void {
  useEngine.setState({ logs: [] });
  return subscribe(
    'engine.watchLogs',
    { tail: 200 },
    {
      next: (batch) => useEngine.setState((s) => ({ logs: appendLines(s.logs, batch) })),
      // After a reconnect the tail comes again.
      reopen: () => useEngine.setState({ logs: [] }),
    },
  );
}

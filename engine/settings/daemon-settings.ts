/**
 * The Settings page's daemon.json: shown as saved, checked (as JSON, then by
 * dockerd itself) before it is written, and applied by restarting the engine
 * Berth runs. If the engine will not start with it, the previous file is put
 * back and the engine restarted with that, so a typo never leaves you without
 * an engine.
 */
import type { DaemonConfigView } from '../contract/index.js';
import { RpcError } from '../rpc/protocol.js';
import { checkWithDockerd, parseDaemonConfig, readDaemonConfig, writeDaemonConfig } from './daemon-config.js';
import type { HomeLayout, Supervisor } from '../engine/index.js';

export class DaemonSettings {
  constructor(
    private readonly l: HomeLayout,
    private readonly supervisor: Supervisor,
  ) {}

  async view(): Promise<DaemonConfigView> {
    const { mode, state } = this.supervisor.status();
    return { text: await readDaemonConfig(this.l), path: this.l.daemonConfig, appliesNow: mode !== 'external', mode, running: state === 'running' };
  }

  /** Check the text; nothing is written unless both checks pass. Null when it is accepted, else the sentence. */
  async check(text: string): Promise<string | null> {
    const parsed = parseDaemonConfig(text);
    if (!parsed.ok) return parsed.error;
    const verdict = await checkWithDockerd(text);
    return verdict === 'unchecked' ? null : verdict;
  }

  /** Save (after the checks) and, when asked and the engine is Berth's, restart it with the new options. */
  async save(text: string, restart: boolean): Promise<DaemonConfigView> {
    const problem = await this.check(text);
    if (problem) throw new RpcError('bad_request', problem);
    const before = await readDaemonConfig(this.l);
    await writeDaemonConfig(this.l, text);
    const { mode, state } = this.supervisor.status();
    if (restart && mode !== 'external' && state !== 'stopped') {
      try {
        await this.supervisor.restart();
      } catch (err) {
        await writeDaemonConfig(this.l, before);
        const back = await this.supervisor.restart().then(
          () => 'The previous daemon.json is back and the engine runs with it.',
          (again: Error) => `The previous daemon.json is back, but the engine did not start with it either: ${again.message}`,
        );
        throw new RpcError('engine', `The engine did not start with this daemon.json: ${(err as Error).message} ${back}`);
      }
    }
    return this.view();
  }
}

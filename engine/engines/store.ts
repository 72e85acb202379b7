/** The engines added in Berth, kept in one file of the Berth home, written atomically and one change at a time. */
import { readJson, writeFileAtomic } from '../util/fs.js';
import type { EngineEndpoint } from './contract.js';

interface StoreFile {
  readonly version: 1;
  readonly engines: readonly EngineEndpoint[];
}

export class EngineStore {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly file: string) {}

  async read(): Promise<EngineEndpoint[]> {
    const f = await readJson<{ engines?: unknown }>(this.file);
    const list: unknown[] = Array.isArray(f?.engines) ? (f.engines as unknown[]) : [];
    return list.filter((e): e is EngineEndpoint => {
      const o = e as Partial<EngineEndpoint> | null;
      return !!o && typeof o.id === 'string' && typeof o.host === 'string' && typeof o.name === 'string';
    });
  }

  /** Change the list; `change` sees the current one, and may return undefined to leave it as it is. */
  update<T>(change: (engines: EngineEndpoint[]) => { engines?: EngineEndpoint[]; result: T }): Promise<T> {
    const run = async () => {
      const { engines, result } = change(await this.read());
      if (engines) await writeFileAtomic(this.file, JSON.stringify({ version: 1, engines } satisfies StoreFile, null, 2) + '\n');
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

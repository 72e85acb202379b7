/** The busy/error/notice bookkeeping every action slice shares. */
export interface ActionState {
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
}

/**
 * Make a runner for a store's actions: it sets `busy`, clears the last
 * error and notice, and turns a failure into the error sentence (undefined result).
 */
export function guardWith(set: (patch: Partial<ActionState>) => void) {
  return async <T>(op: () => Promise<T>): Promise<T | undefined> => {
    set({ busy: true, error: undefined, notice: undefined });
    try {
      return await op();
    } catch (err) {
      set({ error: (err as Error).message });
      return undefined;
    } finally {
      set({ busy: false });
    }
  };
}

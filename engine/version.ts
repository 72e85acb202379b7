/** Berth's version, shown by `backend.hello` and the CLI. */
export const BERTH_VERSION = '0.1.0';

/** Kept so existing imports keep working: this part now lives in engine/containers/run-spec.ts. */
export * from '../containers/run-spec.js';
/** "Paste a docker run command": the renderer reads a pasted command line with the same parser as the engine's round trip. */
export { parseRunCommand } from '../containers/run-parse.js';
export { shellQuote } from '../containers/run-command.js';

/**
 * The Compose noun's public entry for other nouns: loading a project exactly as `docker compose` does (files,
 * `.env`, interpolation, merge, checks at file:line:column) into its canonical model, and the value parsers that
 * model's durations and sizes need. Swarm stacks load their files through it.
 */
export { loadProject, type LoadOptions } from './loader.js';
export type { ComposeProject } from './normalize.js';
export { ComposeError, formatIssue, type ComposeIssue } from './errors.js';
export { parseBytes, parseDuration } from './config-hash.js';
export { PROJECT_NAME } from './project-files.js';

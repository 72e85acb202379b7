/** The engines noun's public entry: the Engines list, its store, and an engine of the list as a client the feature services use. */
export { EnginesService, WATCH_INTERVAL_MS } from './engines-service.js';
export { EngineStore } from './store.js';
export { RemoteEngine } from './remote-engine.js';
export { sshPlaces, type SshPlaces } from './connect.js';
export { ENGINES_USAGE, enginesMain, findEngine } from './engines-cli.js';

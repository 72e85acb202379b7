/**
 * The engine noun's public entry: what the other nouns use of the engine — the supervisor that hands out
 * the Docker client, the engine's words for a failed call, the one `/events` stream and lists kept live
 * from it, the home's layout, and (for settings and diagnostics) the engine's checks, logs, docker
 * context and VM pieces. Other nouns import this file or engine/engine/contract.ts, never the rest.
 */
export type { Supervisor } from './supervisor.js';
export type { EngineClient } from './engine-client.js';
export { EngineEvents } from './events.js';
export { engineError, engineMessage } from './engine-errors.js';
export type { DockerEvent, EventsSignal } from './events.js';
export { watchList } from './list-watch.js';
export { layout, type HomeLayout } from './paths.js';
export { findEngineBinaries } from './binaries.js';
export { dockerdArgs } from './native.js';
export { checkModes } from './checks.js';
export { tailFile } from './logs.js';
export { toEngineInfo } from './engine.js';
export { contextMetaFile, currentDockerContext, dockerConfigDir, removeDockerContext } from './docker-context.js';
export { mountsUnder } from './mounts.js';
export { vmDefaults, vmLayout } from './vm/vm-driver.js';
export { readManifest } from './vm/disks.js';
export { findQemu } from './vm/host.js';
export { findImageDir } from './vm/recipe.js';
export { parseDockerHost } from './driver.js';
export { contextHost } from './external.js';

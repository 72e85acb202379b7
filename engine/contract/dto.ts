/** Data shapes that cross the RPC boundary, plain JSON and read-only: each noun declares its own in its contract part. */
export type { ActionResult, PruneResult } from './types.js';
export * from '../backend/contract.js';
export * from '../engine/contract.js';
export * from '../settings/contract.js';
export * from '../diagnostics/contract.js';
export * from '../containers/contract.js';
export * from '../images/contract.js';
export * from '../registries/contract.js';
export * from '../volumes/contract.js';
export * from '../networks/contract.js';
export * from '../layers/contract.js';
export * from '../builds/contract.js';
export * from '../desktop/contract.js';
export * from '../system/contract.js';

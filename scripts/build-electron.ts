/**
 * Bundle Electron's main process and preload into out/electron (engine/launch/build-electron.ts):
 *
 *   node --import tsx scripts/build-electron.ts
 */
import { buildElectron } from '../engine/launch/build-electron.js';

await buildElectron();

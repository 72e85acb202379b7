/**
 * Bundle Electron's main process and preload into out/electron (scripts/bundle/electron.ts):
 *
 *   node --import tsx scripts/build-electron.ts
 */
import { buildElectron } from './bundle/electron.js';

await buildElectron();

/** `npm run build`: the renderer bundle and the Electron main/preload bundles (no Electron binary needed). */
import { buildElectron } from '../engine/launch/build-electron.js';
import { buildRenderer } from '../engine/launch/build-renderer.js';

const t0 = performance.now();
await buildRenderer({});
await buildElectron();
console.log(`Built out/renderer and out/electron in ${Math.round(performance.now() - t0)} ms.`);

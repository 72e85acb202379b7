/** `npm run build`: the renderer bundle, the Electron main/preload bundles (no Electron binary needed) and the engine bundle. */
import { buildElectron } from './bundle/electron.js';
import { buildRenderer } from './bundle/renderer.js';
import { bundleEngine } from './bundle/engine.js';

const t0 = performance.now();
await buildRenderer({});
await buildElectron();
await bundleEngine();
console.log(`Built out/renderer, out/electron and out/engine in ${Math.round(performance.now() - t0)} ms.`);

/** `npm run build`: the renderer bundle and the Electron main/preload bundles (no Electron binary needed). */
import { buildElectron } from './bundle/electron.js';
import { buildRenderer } from './bundle/renderer.js';

const t0 = performance.now();
await buildRenderer({});
await buildElectron();
console.log(`Built out/renderer and out/electron in ${Math.round(performance.now() - t0)} ms.`);

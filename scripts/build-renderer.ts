/**
 * Bundle the renderer into out/renderer (engine/launch/build-renderer.ts), once or on every change:
 *
 *   node --import tsx scripts/build-renderer.ts [--watch]
 */
import { buildRenderer } from '../engine/launch/build-renderer.js';

const watch = process.argv.includes('--watch');
const t0 = performance.now();
const { outDir } = await buildRenderer({ watch });
console.log(watch ? `Watching renderer/ → ${outDir} (Ctrl+C to stop).` : `Built ${outDir} in ${Math.round(performance.now() - t0)} ms.`);

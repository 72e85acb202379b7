/**
 * Bundle the renderer into out/renderer (scripts/bundle/renderer.ts), once or on every change:
 *
 *   node --import tsx scripts/build-renderer.ts [--watch]
 */
import { parseArgs } from 'node:util';
import { buildRenderer } from './bundle/renderer.js';

const { watch } = parseArgs({ options: { watch: { type: 'boolean', default: false } } }).values;
const t0 = performance.now();
const { outDir } = await buildRenderer({ watch });
console.log(watch ? `Watching renderer/ → ${outDir} (Ctrl+C to stop).` : `Built ${outDir} in ${Math.round(performance.now() - t0)} ms.`);

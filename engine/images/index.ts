/**
 * The images noun's public entry: image references parsed and normalised as Docker does, Berth's helper
 * image (the busybox toolbox that volume browsing and the debug shell run), and the history's
 * instructions. Other nouns import this file or images/contract.ts, never the rest.
 */
export { parseImageRef, type ImageRef, type RefResult } from './image-ref.js';
export { ensureHelperImage, HELPER_IMAGE, HELPER_LABEL } from './helper-image.js';
export { toInstruction } from './image-history.js';

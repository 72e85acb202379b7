/**
 * The app's root folder (where package.json, out/ and vendor/ are). This file
 * sits two levels below it, and so does the Electron bundle (out/electron),
 * which maps import.meta.url to its own file.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A web host in a process of its own, for tests that must see whether it
 * survives: `node --import tsx web-host-process.ts <home> <ui folder>` prints
 * `{"port":…,"token":…}` on one line once it listens, then serves until killed.
 */
import { startWebHost } from '../web/host.js';

const [home, rendererDir] = process.argv.slice(2);
if (!home || !rendererDir) throw new Error('usage: web-host-process.ts <home> <ui folder>');
const host = await startWebHost({ home, rendererDir });
console.log(JSON.stringify({ port: host.port, token: host.token }));

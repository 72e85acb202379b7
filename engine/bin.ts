/**
 * The `berth` program as the packaged app ships it: one executable (Node
 * with Berth's engine side inside, no Electron and no node_modules), built by
 * scripts/build-backend.ts. `berth __backend` is the backend process the
 * desktop app starts; anything else is the command line (engine up|down|…).
 */
if (process.argv[2] === '__backend') {
  process.argv.splice(2, 1);
  void import('./backend/main.js');
} else {
  void import('./cli.js');
}

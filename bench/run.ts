/** `npm run bench`: every benchmark, each against a baseline measured in the same run. */
import { benchEngineStart } from './engine-start.js';
import { benchEngineRecovery } from './engine-recovery.js';
import { benchUiRender } from './ui-render.js';
import { benchFirstLoad } from './first-load.js';
import { benchIdle } from './idle.js';
import { benchLogs } from './logs.js';
import { benchList5000 } from './list-5000.js';
import { benchListScale } from './list-scale.js';
import { benchImagesRender } from './images-render.js';
import { benchTransfer } from './transfer.js';
import { benchArchive } from './archive.js';
import { benchEngineCopy } from './engine-copy.js';
import { benchEngineSwitch } from './engine-switch.js';
import { benchTerminal } from './terminal.js';
import { benchTerminalUi } from './terminal-ui.js';
import { benchLayers } from './layers.js';
import { benchImageDiff } from './image-diff.js';
import { benchPackages } from './packages.js';
import { benchBuilds } from './builds.js';
import { benchVm } from './vm.js';
import { benchBackend } from './backend.js';
import { benchNetwork } from './network.js';
import { benchRootlessStart } from './rootless-start.js';
import { benchCompose } from './compose.js';
import { report } from './stats.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<import('./stats.js').BenchResult[]>> = {
  'engine-start': () => benchEngineStart(),
  'engine-recovery': () => benchEngineRecovery(),
  'ui-render': () => benchUiRender(),
  'first-load': () => benchFirstLoad(),
  idle: () => benchIdle(),
  logs: () => benchLogs(),
  'list-5000': () => benchList5000(),
  'list-scale': () => benchListScale(),
  'images-render': () => benchImagesRender(),
  transfer: () => benchTransfer(),
  archive: () => benchArchive(),
  'engine-copy': () => benchEngineCopy(),
  'engine-switch': () => benchEngineSwitch(),
  terminal: () => benchTerminal(),
  'terminal-ui': () => benchTerminalUi(),
  layers: () => benchLayers(),
  'image-diff': () => benchImageDiff(),
  packages: () => benchPackages(),
  builds: () => benchBuilds(),
  vm: () => benchVm(),
  backend: () => benchBackend(),
  network: () => benchNetwork(),
  'rootless-start': () => benchRootlessStart(),
  compose: () => benchCompose(),
};

for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  for (const r of await run()) console.log(report(r));
}

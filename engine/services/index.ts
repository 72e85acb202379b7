/** The services noun's public entry: the service the backend wires per engine, and the `berth service` command. */
export { ServicesService, WATCH_POLL_MS } from './services.js';
export { SERVICE_USAGE, serviceMain } from './services-cli.js';
/** The engine's service and task JSON read into the rows every services view shows (stacks list theirs the same way). */
export {
  serviceErrorSentence,
  shortImage,
  summariseService,
  taskRows,
  type EngineNode,
  type EngineService,
  type EngineServiceSpec,
  type EngineTask,
} from './service-spec.js';

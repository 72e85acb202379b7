/** The services noun's public entry: the service the backend wires per engine, and the `berth service` command. */
export { ServicesService, WATCH_POLL_MS } from './services.js';
export { SERVICE_USAGE, serviceMain } from './services-cli.js';

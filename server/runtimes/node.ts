// `impcard/node`: serving impcard from Node. `startNodeServer(process.env)` is what the `impcard`
// command runs; `nodeHandler(app)` mounts an app in Express, Connect or a plain `http` server.
export { startNodeServer, type RunningServer } from './node/start-node-server.ts';
export { ensureWidgetBuilt } from './node/ensure-widget-built.ts';
export { envConfig, type EnvConfig } from './node/env-config.ts';
export { nodeHandler, type FetchApp } from './node/node-handler.ts';

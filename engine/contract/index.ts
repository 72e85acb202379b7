/**
 * The one RPC contract between Berth's engine side and its UIs, assembled
 * from the nouns' parts: each noun's folder declares its methods with their
 * kind (call, stream or duplex), input schema (validated where the message
 * enters the engine) and output type. Who may call each method (a page, or
 * only Berth's own processes) is in access.ts.
 * The renderer imports this module for types only.
 */
import type { z } from 'zod';
import type { CallDef, DuplexDef, MethodDef, StreamDef } from './types.js';
import { backendContract } from '../backend/contract.js';
import { engineContract } from '../engine/contract.js';
import { settingsContract } from '../settings/contract.js';
import { diagnosticsContract } from '../diagnostics/contract.js';
import { containersContract } from '../containers/contract.js';
import { imagesContract } from '../images/contract.js';
import { registriesContract } from '../registries/contract.js';
import { volumesContract } from '../volumes/contract.js';
import { networksContract } from '../networks/contract.js';
import { terminalContract } from '../terminal/contract.js';
import { layersContract } from '../layers/contract.js';
import { packagesContract } from '../layers/packages/contract.js';
import { imageDiffContract } from '../layers/diff/contract.js';
import { buildsContract } from '../builds/contract.js';
import { composeContract } from '../compose/contract.js';
import { rpcContract } from '../rpc/contract.js';
import { desktopContract } from '../desktop/contract.js';
import { systemContract } from '../system/contract.js';
import { learnContract } from '../learn/contract.js';
import { enginesContract } from '../engines/contract.js';
import { swarmContract } from '../swarm/contract.js';
import { servicesContract } from '../services/contract.js';
import { stacksContract } from '../stacks/contract.js';

export type { ActionResult, CallDef, DuplexDef, MethodDef, PruneResult, StreamDef } from './types.js';
export * from './dto.js';
export * from '../containers/run-spec.js';
export * from '../images/pull-progress.js';
export * from '../images/image-ref.js';
export * from '../images/archive.js';
export * from '../registries/registry-server.js';
export * from '../networks/network-rules.js';
export * from '../terminal/contract.js';
export * from '../engines/contract.js';
export * from '../swarm/contract.js';
export type * from '../services/contract.js';
export * from '../stacks/contract.js';
/** Who may call each method (a page, or only Berth's own processes): decided in access.ts. */
export { METHOD_ACCESS, isInternalMethod, type MethodAccess } from './access.js';

export const contract = {
  ...backendContract,
  ...engineContract,
  ...settingsContract,
  ...diagnosticsContract,
  ...containersContract,
  ...imagesContract,
  ...registriesContract,
  ...volumesContract,
  ...networksContract,
  ...terminalContract,
  ...layersContract,
  ...packagesContract,
  ...imageDiffContract,
  ...buildsContract,
  ...composeContract,
  ...rpcContract,
  ...desktopContract,
  ...systemContract,
  ...learnContract,
  ...enginesContract,
  ...swarmContract,
  ...servicesContract,
  ...stacksContract,
} as const satisfies Record<string, MethodDef>;

export type Contract = typeof contract;

export type MethodName = keyof Contract;
export type CallName = { [K in MethodName]: Contract[K]['kind'] extends 'call' ? K : never }[MethodName];
export type StreamName = { [K in MethodName]: Contract[K]['kind'] extends 'stream' ? K : never }[MethodName];
export type DuplexName = { [K in MethodName]: Contract[K]['kind'] extends 'duplex' ? K : never }[MethodName];

/** Input as the caller writes it (defaults may be omitted). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** Input as the handler receives it (defaults applied). */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends CallName> = Contract[M] extends CallDef<any, infer O> ? O : never;
export type EventOf<M extends StreamName | DuplexName> =
  Contract[M] extends StreamDef<any, infer E> ? E : Contract[M] extends DuplexDef<any, infer E, any> ? E : never;
export type UpOf<M extends DuplexName> = Contract[M] extends DuplexDef<any, any, infer U> ? z.output<U> : never;

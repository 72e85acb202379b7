/** The transport's own part of the contract: a self-test. */
import { z } from 'zod';
import { duplex, type MethodDef } from '../contract/types.js';

export const rpcContract = {
  /** Transport self-test: echoes each pushed string back, upper-cased when asked. */
  'rpc.echo': duplex<string>()(z.object({ upper: z.boolean().default(false) }).strict(), z.string().max(65_536)),
} as const satisfies Record<string, MethodDef>;

/** Validating frames from clients, where they enter the engine side. */
import { z } from 'zod';
import { MAX_FRAME_BYTES, MAX_WINDOW, RpcError, type ClientMessage } from './protocol.js';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const clientMessageSchema: z.ZodType<ClientMessage> = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id, method: z.string().max(100), input: z.unknown(), window: z.number().int().min(1).max(MAX_WINDOW).optional() }),
  z.object({ t: z.literal('ack'), id, n: z.number().int().min(1).max(MAX_WINDOW) }),
  z.object({ t: z.literal('push'), id, data: z.unknown() }),
  z.object({ t: z.literal('cancel'), id }),
]);

/** Parse one client frame; never throws, returns an RpcError describing what is wrong instead. */
export function parseClientFrame(text: string): ClientMessage | RpcError {
  if (text.length > MAX_FRAME_BYTES) {
    return new RpcError('too_large', `Message refused: ${text.length} bytes is over the ${MAX_FRAME_BYTES}-byte limit.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return new RpcError('bad_request', 'Message refused: it is not valid JSON.');
  }
  const parsed = clientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    return new RpcError('bad_request', 'Message refused: it is not a call, push, ack or cancel frame.');
  }
  return parsed.data;
}

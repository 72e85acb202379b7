/**
 * A build the engine refused for its Dockerfile, as a sentence at the
 * Dockerfile's lines, like a failing RUN. BuildKit and the classic builder
 * both say `dockerfile parse error line N: …`; BuildKit wraps it in its
 * solver's words. Pure; tested on messages recorded from dockerd 20.10.
 */
import { unknownInstruction, type Dockerfile } from './dockerfile.js';
import { formatBytes } from '../contract/format.js';

export interface DockerfileFault {
  /** The reason, as a sentence (to follow the Dockerfile's name and line). */
  readonly message: string;
  /** The lines of the instruction at fault, when the engine named one. */
  readonly line?: number;
  readonly endLine?: number;
}

const FRONTEND = /^(?:failed to solve with frontend dockerfile\.v0: )?failed to create LLB definition: /;

/** Pure: the engine's failure, when it is about the Dockerfile itself (not a step that ran), read into a sentence and its lines. */
export function dockerfileFault(failure: string, df: Dockerfile): DockerfileFault | undefined {
  const parse = /dockerfile parse error line (\d+): (.+)$/s.exec(failure);
  if (parse) {
    const at = Number(parse[1]);
    const ins = df.instructions.find((i) => i.line <= at && at <= i.endLine);
    return { message: reason(parse[2]!, ins?.keyword), line: ins?.line ?? at, endLine: ins?.endLine ?? at };
  }
  // Refused while BuildKit turned the Dockerfile into its build graph (e.g. EXPOSE abc), with no line named.
  if (FRONTEND.test(failure)) return { message: sentence(failure.replace(FRONTEND, '')) };
  return undefined;
}

/** Pure: the parser's reason in words a user can act on. */
function reason(text: string, keyword: string | undefined): string {
  const unknown = /^unknown instruction: (\S+)/i.exec(text);
  if (unknown) return unknownInstruction(unknown[1]!.toUpperCase());
  const flag = /^Unknown flag: (\S+)/i.exec(text);
  if (flag) return `--${flag[1]} is not an option of ${keyword ?? 'this instruction'}.`;
  const args = /^(\w+) requires (at least one|exactly one|at least two) arguments?/.exec(text);
  if (args) return `${args[1]} needs ${args[2]} argument${args[2] === 'at least two' ? 's' : ''}.`;
  return sentence(text);
}

const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1).replace(/\.?\s*$/, '')}.`;

/** The codes and words of a connection to the engine that broke (as against an engine that answered with a refusal). */
const DROPPED = /^(EPIPE|ECONNRESET|ECONNABORTED|ETIMEDOUT|ERR_STREAM_PREMATURE_CLOSE)$/;

/** Pure: whether an error of the build request is the connection to the engine breaking. */
export function isConnectionDrop(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; message?: string } | undefined;
  if (!e || e.statusCode !== undefined) return false;
  return DROPPED.test(e.code ?? '') || /socket hang up|aborted|premature close/i.test(e.message ?? '');
}

/**
 * Pure: a build cut by its connection dropping, naming the engine (another engine of the list by its name,
 * Berth's own otherwise), how far the context upload got, and what to do.
 */
export function droppedBuildSentence(engine: string | undefined, reach: { readonly sent: number; readonly total: number; readonly uploaded: boolean }): string {
  const who = engine ? `"${engine}"` : 'Berth’s engine';
  const when = reach.uploaded
    ? 'while the build ran: the engine stops a build whose client is gone'
    : `while the build context was sent (${formatBytes(reach.sent)} of ${formatBytes(reach.total)})`;
  const check = engine ? `Check that "${engine}" is running` : 'Check the engine on the Engine page';
  return `The connection to ${who} dropped ${when}. ${check}, then build again.`;
}

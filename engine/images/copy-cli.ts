/**
 * `berth image copy REF --to ENGINE [--from ENGINE]`: an image copied to another
 * engine of the Engines list, progress on standard error, the names that arrived
 * on standard output; Ctrl-C cancels (nothing is left tagged on the target).
 */
import type { ArchiveProgress } from '../contract/dto.js';
import { formatBytes } from '../contract/format.js';
import type { RpcClient } from '../rpc/client.js';
import { UsageError, parseFlags } from '../util/cli-args.js';
import { findEngine } from '../engines/index.js';

export const COPY_USAGE = `  image copy REF --to ENGINE [--from ENGINE]
                       copy an image to another engine of the Engines list (\`berth engines\`), streamed with no
                       temporary file; from Berth's engine unless --from names another`;

/** Pure: one progress line: what is happening, bytes of about how many, and the share. */
export function copyProgressLine(p: ArchiveProgress): string {
  const pct = Math.round(p.fraction * 100);
  if (p.done) return p.message;
  if (!p.bytes) return p.message;
  return `${p.message} ${formatBytes(p.bytes)} of ${p.estimated ? 'about ' : ''}${formatBytes(p.total)} (${pct}%)`;
}

export interface CopyCliIo {
  out(s: string): void;
  err(s: string): void;
  /** Standard error is a terminal: progress rewrites one line instead of adding one per tenth. */
  readonly tty: boolean;
}

/** Run `berth image copy`; returns the exit code (130 when interrupted). */
export async function imageCopyMain(args: string[], connect: () => Promise<RpcClient>, io: CopyCliIo): Promise<number> {
  const [ref, ...rest] = args;
  if (!ref || ref.startsWith('-')) throw new UsageError('Name the image: berth image copy REF --to ENGINE.');
  const f = parseFlags(rest, { to: { type: 'string' }, from: { type: 'string' } });
  if (!f.to) throw new UsageError('Name the engine to copy to: --to ENGINE (`berth engines` lists them).');
  const client = await connect();
  try {
    const entries = await client.call('engines.list', {});
    const to = findEngine(entries, f.to);
    if (typeof to === 'string') throw new Error(to);
    const from = f.from === undefined ? undefined : findEngine(entries, f.from);
    if (typeof from === 'string') throw new Error(from);
    let tenth = -1;
    let last: ArchiveProgress | undefined;
    /** A progress line is on the terminal, not yet ended. */
    let open = false;
    const show = (p: ArchiveProgress) => {
      last = p;
      if (p.done) return;
      if (io.tty) {
        io.err(`\r\x1b[K${copyProgressLine(p)}`);
        open = true;
      } else if (Math.floor(p.fraction * 10) > tenth) {
        tenth = Math.floor(p.fraction * 10);
        io.err(`${copyProgressLine(p)}\n`);
      }
    };
    const outcome = await new Promise<'ended' | 'cancelled'>((resolve, reject) => {
      const onSignal = () => {
        off();
        sub.cancel();
        resolve('cancelled');
      };
      const off = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
      const sub = client.stream(
        'images.copyTo',
        { ref, to: to.id, ...(from ? { from: from.id } : {}) },
        {
          next: show,
          end: (error) => {
            off();
            if (error) reject(error);
            else resolve('ended');
          },
        },
      );
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }).finally(() => {
      if (open) io.err('\r\x1b[K');
    });
    if (outcome === 'cancelled') {
      io.err(`Copy cancelled: nothing was left tagged on "${to.name}".\n`);
      return 130;
    }
    io.err(`${last?.message ?? `Copied ${ref} to "${to.name}".`}\n`);
    for (const name of last?.images ?? []) io.out(`${name}\n`);
    return 0;
  } finally {
    client.close();
  }
}

/**
 * The merged log as a terminal shows it (`berth compose logs`, attached `up`): each line behind its container's
 * label `<service>-<n> | `, labels padded to the widest seen so far, and on a terminal each label in a colour of
 * its own, given in the order containers first speak. Pure.
 */
import type { ComposeLogLine } from './contract.js';

/** ANSI colours, the plain ones first, then the bright ones (red is left for last: it reads as an error). */
export const LOG_COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94, 31, 91] as const;

/** Whether to colour: only on a terminal, never with --no-color or NO_COLOR set. */
export function wantColour(opts: { noColor: boolean; isTTY: boolean; env: Readonly<Record<string, string | undefined>> }): boolean {
  return !opts.noColor && opts.isTTY && !opts.env.NO_COLOR;
}

export class LogPrefixer {
  private readonly colours = new Map<string, number>();
  private width = 0;

  constructor(
    private readonly colour: boolean,
    private readonly opts: { timestamps: boolean; prefix: boolean } = { timestamps: false, prefix: true },
  ) {}

  /** The colour (an ANSI code) of a label: the next one free for a label not seen before. */
  colourOf(label: string): number {
    let c = this.colours.get(label);
    if (c === undefined) {
      c = LOG_COLOURS[this.colours.size % LOG_COLOURS.length]!;
      this.colours.set(label, c);
    }
    return c;
  }

  /** One log line as printed, newline included. */
  format(l: ComposeLogLine): string {
    const ts = this.opts.timestamps && l.ts ? `${l.ts} ` : '';
    if (!this.opts.prefix) return `${ts}${l.line}\n`;
    const label = `${l.service}-${l.number}`;
    this.width = Math.max(this.width, label.length);
    const head = `${label.padEnd(this.width)} | `;
    return `${this.colour ? `\x1b[${this.colourOf(label)}m${head}\x1b[0m` : head}${ts}${l.line}\n`;
  }
}

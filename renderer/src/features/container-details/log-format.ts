/** Pure: how log lines are written into the terminal and into a download. */
import type { LogLineDto } from '../../../../engine/contract/dto';

const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** One line for xterm: a red bar marks stderr, timestamps are dim; the line's own ANSI colours are kept, and reset after it. */
export function toTerminal(line: LogLineDto, showTs: boolean): string {
  const gutter = line.stream === 'stderr' ? `${RED}▌${RESET}` : ' ';
  const ts = showTs && line.ts ? `${DIM}${line.ts}${RESET} ` : '';
  return `${gutter}${ts}${line.text}${line.text.includes('\x1b') ? RESET : ''}\r\n`;
}

/** Remove ANSI escape sequences, for plain-text copies. */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*(\x07|\x1b\\)/g, '');
}

/** A line of the plain-text copy: "2026-…Z stderr: text". */
export function toPlain(line: LogLineDto): string {
  return `${line.ts ? `${line.ts} ` : ''}${line.stream === 'stderr' ? 'stderr: ' : ''}${stripAnsi(line.text)}`;
}

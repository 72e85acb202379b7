/** A yes/no question asked at the terminal (the question on standard error, the answer read from standard input). */
import { createInterface } from 'node:readline/promises';

/** True only for an answer starting with y or Y; Ctrl-D or an empty answer is no. */
export async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await Promise.race([rl.question(question), new Promise<string>((resolve) => rl.once('close', () => resolve('')))]);
    return /^y/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

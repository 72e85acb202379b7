/**
 * Split a command written as one string (`command: npm start --port 3000`) into its words as a POSIX shell
 * would without running anything: quotes group, backslashes escape, no expansion. Compose stores string
 * commands this way, so `command: a "b c"` and `command: [a, "b c"]` are the same model.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`The command ${JSON.stringify(text)} opens a ' quote that is never closed.`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) i++;
        word += text[i];
        i++;
      }
      if (i >= text.length) throw new Error(`The command ${JSON.stringify(text)} opens a " quote that is never closed.`);
      inWord = true;
      i++;
    } else if (c === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Image history as Dockerfile instructions. */

/** Pure: a history `CreatedBy` as the Dockerfile instruction that made it. */
export function toInstruction(createdBy: string): string {
  let s = createdBy.trim();
  if (!s) return '(no instruction recorded: an imported or committed layer)';
  s = s.replace(/\s*# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(s);
  if (nop) return nop[1]!.trim();
  const sh = /^\/bin\/sh -c (.*)$/s.exec(s);
  if (sh) return `RUN ${sh[1]!.trim()}`;
  if (/^\|\d+ /.test(s)) {
    // Classic builder with build args: "|2 A=1 B=2 /bin/sh -c cmd"
    const rest = s.replace(/^\|\d+ (?:\S+=\S*\s+)*/, '');
    return toInstruction(rest);
  }
  return s;
}

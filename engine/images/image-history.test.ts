import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toInstruction } from './image-history.js';

describe('history as Dockerfile instructions', () => {
  it('strips the classic builder noise', () => {
    expect(toInstruction('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('CMD ["sh"]');
    expect(toInstruction('/bin/sh -c #(nop) ADD file:abc in / ')).toBe('ADD file:abc in /');
    expect(toInstruction('/bin/sh -c apk add --no-cache curl')).toBe('RUN apk add --no-cache curl');
    expect(toInstruction('|2 A=1 B=2 /bin/sh -c make')).toBe('RUN make');
  });
  it('keeps BuildKit steps, without their marker', () => {
    expect(toInstruction('RUN /bin/sh -c make # buildkit')).toBe('RUN /bin/sh -c make');
    expect(toInstruction('COPY app /app # buildkit')).toBe('COPY app /app');
    expect(toInstruction('Imported from -')).toBe('Imported from -');
  });
});

describe('recorded history (classic builder, dockerd 20.10)', () => {
  const raw = JSON.parse(readFileSync(new URL('./fixtures/history-classic.json', import.meta.url), 'utf8')) as Array<{ CreatedBy: string; Size: number }>;
  it('reads as the Dockerfile that made it, newest first', () => {
    expect(raw.map((h) => toInstruction(h.CreatedBy))).toEqual([
      'CMD ["sh" "-c" "cat /version"]',
      'LABEL org.example=demo',
      expect.stringMatching(/^COPY dir:[0-9a-f]+ in \/app/),
      'RUN echo $VERSION > /version && mkdir /app',
      'ARG VERSION=1',
      'ENV GREETING=hi',
      '(no instruction recorded: an imported or committed layer)',
    ]);
    expect(raw.filter((h) => h.Size === 0)).toHaveLength(4);
  });
});

import { describe, expect, it } from 'vitest';
import { DeltaText } from '../../src/shared/delta-text.js';

/** Deltas of varied sizes and scripts: short tokens, an empty one, emoji, one longer than a block. */
function sampleDeltas(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    if (i % 997 === 5) return 'x'.repeat(3000 + i);
    if (i % 101 === 7) return '';
    if (i % 13 === 3) return `é😀${i} `;
    return `t${i} `;
  });
}

function filled(deltas: string[]): DeltaText {
  const text = new DeltaText();
  for (const delta of deltas) text.push(delta);
  return text;
}

describe('DeltaText', () => {
  const deltas = sampleDeltas(3000);

  it('gives back every delta exactly, across blocks and pages', () => {
    const text = filled(deltas);
    expect(text.size).toBe(deltas.length);
    expect(deltas.map((_, i) => text.delta(i))).toEqual(deltas);
    expect(text.delta(-1)).toBe('');
    expect(text.delta(deltas.length)).toBe('');
  });

  it('joins the text from any delta on, and still reads each delta after joining', () => {
    const text = filled(deltas);
    for (const from of [2999, 2500, 1234, 1, 0])
      expect(text.textFrom(from)).toBe(deltas.slice(from).join(''));
    expect(deltas.map((_, i) => text.delta(i))).toEqual(deltas);
    expect(text.textFrom(deltas.length)).toBe('');
  });

  it('reads deltas exactly when a page of them outgrows two-byte offsets (65,535 characters)', () => {
    // Page 0 widened by one long delta in its middle; page 1 by many medium ones; page 2 stays narrow.
    const long = Array.from({ length: 2500 }, (_, i) => {
      if (i === 300) return 'L'.repeat(70_000);
      if (i >= 1024 && i < 2048) return `${'m'.repeat(90)}${i}`;
      return `s${i} `;
    });
    const text = filled(long);
    expect(long.map((_, i) => text.delta(i))).toEqual(long);
    for (const from of [2400, 2047, 1500, 301, 300, 299, 0])
      expect(text.textFrom(from)).toBe(long.slice(from).join(''));
    // Read again once the joins above have merged the blocks.
    expect(long.map((_, i) => text.delta(i))).toEqual(long);
  });

  it('widens a page exactly past 65,535 characters: a delta ending there, then one ending one further', () => {
    const edge = ['a'.repeat(65_534), 'b', 'c', 'd'];
    const text = filled(edge);
    expect(edge.map((_, i) => text.delta(i))).toEqual(edge);
    expect(text.textFrom(1)).toBe('bcd');
    expect(text.textFrom(2)).toBe('cd');
  });

  it('keeps appending after a join (a tool round, then the next round)', () => {
    const text = filled(deltas.slice(0, 1500));
    expect(text.textFrom(0)).toBe(deltas.slice(0, 1500).join(''));
    for (const delta of deltas.slice(1500)) text.push(delta);
    expect(text.textFrom(1500)).toBe(deltas.slice(1500).join(''));
    expect(deltas.map((_, i) => text.delta(i))).toEqual(deltas);
    expect(text.textFrom(0)).toBe(deltas.join(''));
  });
});

import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { createGptTokenizerCounter } from '../../src/adapters/tokens/gpt-tokenizer-counter.js';
import { createTiktokenCounter } from '../../src/adapters/tokens/tiktoken-counter.js';
import type { TokenCounter } from '../../src/ports/token-counter.js';

/** tiktoken's own encoder: what every counter's `o200k_base` counts are held to (R4.3). */
const reference = get_encoding('o200k_base');
const expected = (text: string) => reference.encode_ordinary(text).length;

/** A deterministic stream of numbers in [0, 1), so the generated texts are the same every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16_807) % 2_147_483_647) / 2_147_483_647;
}

const WRITTEN = [
  '',
  ' ',
  'hi',
  'We need a senior backend engineer in Berlin, 5+ years of Go, remote ok. Salary up to 90k EUR.',
  'Wir suchen eine Senior-Entwicklerin (m/w/d) in München — 80.000 € brutto, Start 1. März!',
  'Nous recherchons un·e développeur·se à Lyon ; télétravail partiel, 55 k€.',
  '採用したいのはバックエンドエンジニアです。東京、リモート可。',
  'Ищем инженера: Go, Kubernetes, PostgreSQL — 3+ года.',
  'emoji 😀👩🏽‍💻🇩🇪 and symbols ✓ → ≤ ≥ ∞',
  'function f(x) {\n\treturn x * 2;\r\n}\n\n\n    indented   spaces\t\ttabs',
  'numbers 1234567 89,000 3.14159 1e10 0x1F 2026-11-30T06:33:19Z',
  'https://example.com/jobs?id=42&ref=parley#apply <a@b.co>',
  'special markers stay text: <|endoftext|> <|im_start|>user<|im_end|> <|fim_prefix|>',
  "it's don't we'll they've I'M YOU'RE",
  'a'.repeat(5_000),
  'word '.repeat(2_000),
];

/** Made-up texts: prose from a small vocabulary, printable ASCII noise, mixed scripts. */
function generated(): string[] {
  const random = seeded(42);
  const words =
    'the a senior backend engineer Berlin salary remote hybrid interview Kubernetes TypeScript years must-have nice-to-have team lead budget candidate'.split(
      ' ',
    );
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const prose = Array.from({ length: 40 }, () =>
    Array.from({ length: 80 }, () => pick(words) + pick(['', '', ',', '.', '!', ' 42', '\n'])).join(' '),
  );
  const ascii = Array.from({ length: 40 }, () =>
    Array.from({ length: 300 }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(''),
  );
  const scripts = ['a', 'é', 'ß', 'ж', 'ع', 'ह', '中', 'ア', '한', '😀', ' ', '\n', '1'];
  const mixed = Array.from({ length: 40 }, () => Array.from({ length: 200 }, () => pick(scripts)).join(''));
  return [...prose, ...ascii, ...mixed];
}

const counters: Array<[string, () => TokenCounter]> = [
  ['gpt-tokenizer (default)', createGptTokenizerCounter],
  ['tiktoken', () => createTiktokenCounter()],
];

describe.each(counters)('token counter contract: %s', (_name, create) => {
  it("counts written texts as tiktoken's o200k_base does, special-token markers as plain text", () => {
    const counter = create();
    for (const text of WRITTEN)
      expect({ text, count: counter.count(text) }).toEqual({ text, count: expected(text) });
  });

  it('counts 120 generated texts (prose, ASCII noise, mixed scripts) as tiktoken does', () => {
    const counter = create();
    const texts = generated();
    expect(texts.map((text) => counter.count(text))).toEqual(texts.map(expected));
  });
});

import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../../bench/src/eval/corpus.js';
import { scoreCorpus } from '../../../../bench/src/eval/score-corpus.js';

/** Issue 10 / R14.3: the rule extractor's floors on the corpus in bench/eval/corpus (a quality gate, not a timing). */
const FLOORS = {
  seniority: 0.9,
  years: 0.9,
  salary: 0.9,
  remote: 0.9,
  employmentType: 0.9,
  mustHave: 0.85,
} as const;

describe('requirement extraction quality on the eval corpus', () => {
  it('holds the F1 floors per field', async () => {
    const { statements, conversations } = await loadCorpus();
    expect(statements.length).toBeGreaterThanOrEqual(80);
    expect(conversations.length).toBeGreaterThanOrEqual(15);
    const score = scoreCorpus(statements, conversations);
    for (const [field, floor] of Object.entries(FLOORS)) {
      expect(score.fields[field as keyof typeof FLOORS].f1, `${field} F1`).toBeGreaterThanOrEqual(floor);
    }
  });
});

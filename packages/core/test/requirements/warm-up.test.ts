import { afterEach, describe, expect, it } from 'vitest';
import { createRuleExtractor } from '../../src/services/requirements/rule-extractor.js';
import { WARM_UP_SENTENCES } from '../../src/services/requirements/warm-up-sentences.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';

const REFERENCE = new Date('2026-06-01T00:00:00Z');

describe('warming up the rule extractor (R13)', () => {
  let t: TestParley | undefined;
  afterEach(async () => {
    await t?.cleanup();
  });

  it('takes the extractor through every family it sets up on first use: skills, salary, languages, places, absolute and relative dates', () => {
    const rules = createRuleExtractor();
    const [engineer, terms, designer] = WARM_UP_SENTENCES.map((text) => rules.extract(text, REFERENCE));
    expect(engineer).toMatchObject({
      title: 'Backend Engineer',
      seniority: 'senior',
      mustHaveSkills: [{ name: 'Go', minYears: 5 }, { name: 'Kubernetes' }],
      timeZones: ['CET'],
    });
    expect(terms).toMatchObject({
      salary: { min: 90_000, max: 110_000, currency: 'EUR', period: 'year' },
      startDate: '2026-06-08',
      languages: [{ language: 'German' }, { language: 'English' }],
    });
    expect(designer).toMatchObject({
      remote: { policy: 'hybrid', officeDaysPerWeek: 3 },
      employmentType: ['part_time'],
      startDate: '2026-06-15',
      locations: ['London', 'Berlin'],
    });
  });

  it('reads one sentence per turn of the event loop, so a request arriving meanwhile waits for one at most', async () => {
    t = await createTestParley({ name: 'SQLite', database: 'sqlite' });
    const warming = t.parley.requirements.warmUp();
    let between = false;
    setImmediate(() => (between = true));
    await warming;
    expect(between).toBe(true);
  });
});

import { createRuleExtractor } from '@parley/core';
import { loadCorpus } from './corpus.js';
import { emptyTallies, f1, scoreProfile, toExpectedForm, EVAL_FIELDS } from './field-score.js';
const { statements } = await loadCorpus();
const ex = createRuleExtractor();
const t = emptyTallies();
const ref = new Date('2026-11-29T00:00:00Z');
for (const s of statements) {
  const got = toExpectedForm(ex.extract(s.text, ref));
  const wrong = scoreProfile(s.expect, got, t);
  if (wrong.length && (process.argv[2] === undefined || wrong.includes(process.argv[2] as never))) {
    console.log(s.id, s.text.slice(0, 100).replace(/\n/g, ' '));
    for (const f of wrong) console.log('   ', f, 'want', JSON.stringify(s.expect[f]), 'got', JSON.stringify(got[f]));
  }
}
for (const f of EVAL_FIELDS) console.log(f, JSON.stringify(t[f]), f1(t[f]).f1.toFixed(3));

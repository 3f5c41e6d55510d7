import { loadCorpus } from './corpus.js';
import { scoreCorpus } from './score-corpus.js';
const { statements, conversations } = await loadCorpus();
const s = scoreCorpus(statements, conversations);
for (const m of s.misses) console.log(m.id, m.field, JSON.stringify(m.expected), '→', JSON.stringify(m.actual));
for (const [f, v] of Object.entries(s.fields)) console.log(f, v.f1.toFixed(3));
console.log('conflicts', JSON.stringify(s.conflicts), 'questions', JSON.stringify(s.questions));

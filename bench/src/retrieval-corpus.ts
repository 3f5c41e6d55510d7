/**
 * A reproducible recruiting conversation for the retrieval benchmark: sentences drawn from a fixed
 * vocabulary with a skewed (Zipf-like) choice of words, so common words match many messages and
 * rare ones few, as in real text. The same seed gives the same history on every run.
 */
const WORDS = (
  'role team salary remote candidate interview senior engineer backend frontend hiring offer ' +
  'budget start notice contract lisbon berlin porto madrid london elixir typescript rust python ' +
  'kubernetes postgres react design review onboarding equity bonus visa relocation manager ' +
  'product platform data security mobile cloud devops recruiter pipeline shortlist screening ' +
  'reference feedback panel culture benefits pension holiday parental laptop office hybrid ' +
  'timezone overlap english portuguese german spanish degree bootcamp junior staff principal ' +
  'architect mentoring oncall incident latency throughput migration monolith microservices ' +
  'observability testing ci deployment release roadmap stakeholder headcount approval deadline ' +
  'sourcing linkedin referral agency fee retainer probation appraisal promotion ladder band ' +
  'currency eur gbp usd payroll contractor freelance fulltime parttime weekend travel conference'
).split(' ');

/** Questions a recruiter might ask of an old conversation; each names a few vocabulary words. */
export const RETRIEVAL_QUESTIONS = [
  'What salary band did we agree for the senior Elixir engineer?',
  'Which candidate asked about visa relocation to Lisbon?',
  'When is the deadline for the headcount approval?',
  'What did the panel feedback say about the platform architect?',
  'Did we mention equity or bonus for the staff role?',
  'How much overlap in timezone did the Berlin team want?',
  'What was the agency fee and retainer we discussed?',
  'Which observability and oncall questions go in the interview?',
  'Is the probation period part of the contract offer?',
  'What did we decide about Kubernetes and Postgres experience?',
  'Who gives the reference for the principal engineer?',
  'What onboarding laptop and office setup did we promise?',
];

/** mulberry32: a tiny seeded generator, enough for reproducible filler. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The text of message `index` (0-based): 12–40 words, the same for the same index on every run. */
export function corpusMessage(index: number): string {
  const random = generator(index * 2_654_435_761 + 1);
  const length = 12 + Math.floor(random() * 29);
  const words: string[] = [];
  for (let i = 0; i < length; i += 1) {
    // Squaring skews the choice towards the first words of the list.
    words.push(WORDS[Math.floor(random() ** 2 * WORDS.length)]!);
  }
  return `${words.join(' ')}.`;
}

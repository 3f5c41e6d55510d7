/**
 * Sentences that take the rule extractor through each of its libraries' first-use set-up: the
 * language model behind the skill and title readers, and the date parser's absolute, relative and
 * casual forms, which chrono-node builds one family at a time. Three varied sentences cost about
 * 0.4 s once; after them a new sentence is read in a millisecond or two (measured in
 * docs/performance.md "Changes and their effect").
 */
export const WARM_UP_SENTENCES = [
  'We are hiring a senior backend engineer with 5+ years of Go and Kubernetes, remote within Europe (CET ± 2h), full-time.',
  'Budget is 90k–110k EUR a year; start next Monday or by 1 March 2027 at the latest; fluent German and English.',
  'Looking for a junior designer, part-time contract, starting in two weeks, based in London or Berlin, on site three days a week.',
] as const;

const ROLE_NOUNS = [
  'engineer',
  'developer',
  'dev',
  'programmer',
  'designer',
  'architect',
  'analyst',
  'scientist',
  'manager',
  'nurse',
  'accountant',
  'consultant',
  'administrator',
  'sysadmin',
  'technician',
  'specialist',
  'tester',
  'writer',
  'driver',
  'teacher',
  'chef',
  'cook',
  'pharmacist',
  'electrician',
  'paralegal',
  'hygienist',
  'carpenter',
  'physiotherapist',
  'receptionist',
  'bookkeeper',
  'representative',
  'associate',
  'generalist',
  'officer',
  'director',
  'supervisor',
  'coordinator',
  'assistant',
  'recruiter',
  'copywriter',
  'marketer',
  'worker',
  'intern',
  'lead',
  'cfo',
  'cto',
  'ceo',
  'coo',
  'dba',
  'sre',
  'devops',
  'entwickler',
  'développeur',
  'desarrollador',
  'ingeniero',
  'ingénieur',
  'pflegefachkraft',
];
const SKIP = new Set([
  'a',
  'an',
  'the',
  'we',
  'our',
  'need',
  'needed',
  'hiring',
  'looking',
  'for',
  'want',
  'wanted',
  'is',
  'as',
  'senior',
  'junior',
  'sr',
  'jr',
  'mid',
  'mid-level',
  'staff',
  'principal',
  'lead',
  'experienced',
  'new',
  'suche',
  'einen',
  'eine',
  'recherche',
  'buscamos',
  'un',
  'une',
  'to',
  'find',
  'someone',
  'hire',
  'and',
  'of',
  'with',
  'who',
  'im',
  "i'm",
  'are',
  'entry-level',
  'graduate',
  'medior',
  'intern',
  'head',
  'confirmé',
]);
const ROLE = new RegExp(
  String.raw`((?:[\p{L}\p{N}.#+/-]+\s+){0,3})(${ROLE_NOUNS.join('|')})s?(?![\p{L}])(\s+of\s+[\p{L}]+)?`,
  'iu',
);

/** Words that introduce the role being hired for, so "led a team of engineers" is no title. */
const HIRING =
  /\b(?:need|needed|hiring|hire|looking for|want|wanted|seeking|recruiting|suche|suchen|buscamos|recherche|cherchons|here's the jd|role|position)\b/i;

/**
 * The role title: the first role noun ("engineer", "nurse", "chef" …) with up to three words
 * before it, minus seniority and filler words ("We need a senior backend engineer" → Backend Engineer),
 * at the start of a line or after a hiring phrase.
 */
export function extractTitle(text: string): string | undefined {
  const line = text.split('\n').find((l) => ROLE.test(l)) ?? '';
  const match = ROLE.exec(line);
  if (!match) return undefined;
  const lead = line.slice(0, match.index + (match[1] ?? '').length);
  if (line.slice(0, match.index).trim() !== '' && !HIRING.test(lead)) return undefined;
  const before = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
  let start = before.length;
  while (
    start > 0 &&
    !SKIP.has(before[start - 1]!.toLowerCase().replace(/[,:;]$/, '')) &&
    !/[,:;()]$/.test(before[start - 1]!)
  )
    start -= 1;
  const words = [...before.slice(start), match[2]!, ...(match[3] ? match[3].trim().split(/\s+/) : [])];
  const title = words
    .map((word) =>
      word === word.toLowerCase() && word.length > 3 ? word[0]!.toUpperCase() + word.slice(1) : word,
    )
    .join(' ');
  return title.length > 1 ? title : undefined;
}

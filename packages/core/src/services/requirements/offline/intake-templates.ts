/**
 * The sentences the offline intake answers with, several per situation so a conversation does not
 * read like a form. `{fields}`, `{question}`, `{conflict}` and `{profile}` are filled in; which
 * variant is used is chosen per session and turn (`pickVariant`).
 */
export const INTAKE_TEMPLATES = {
  /** The last message stated something: `{fields}` lists what was understood. */
  understood: [
    'Got it: {fields}.',
    'Noted — {fields}.',
    "Thanks, I've recorded {fields}.",
    'Understood: {fields}.',
    "I've added {fields} to the profile.",
  ],
  /** Nothing in the last message was recognised as a requirement. */
  nothingNew: [
    "I couldn't pick a new requirement out of that.",
    "That didn't change the profile.",
    "I didn't find anything to add to the profile there.",
    'Nothing new for the profile in that one.',
  ],
  /** An open contradiction: `{conflict}` is its description. */
  conflict: [
    "Something doesn't add up: {conflict} Which one should I keep?",
    'I see a contradiction: {conflict} Could you tell me which is right?',
    'Before we go on, please settle this: {conflict} What should the profile say?',
    'These two statements clash: {conflict} Which one holds?',
  ],
  /** The most important missing essential: `{question}` is what to find out. */
  missing: [
    '{question}',
    'Next: {question}',
    'One more thing I need: {question}',
    'To keep going — {question}',
    'Could you tell me this too? {question}',
  ],
  /** The essentials are complete: `{profile}` is the profile as a list. */
  complete: [
    "That covers the essentials. Here's the profile so far:\n\n{profile}\n\nTell me anything to add or change.",
    'The essentials are complete. This is what I have:\n\n{profile}\n\nAnything else — salary, languages, start date?',
    "Here's a summary of the role:\n\n{profile}\n\nCorrect anything that's off, or add more detail.",
    'We have everything essential. The profile reads:\n\n{profile}\n\nWhat else should candidates bring?',
  ],
  /** No user message to answer (an empty prompt). */
  opening: [
    'Tell me about the role you are hiring for: its title, seniority, must-have skills, where it is based and the type of contract.',
    "Let's write the hiring profile together. What role are you hiring for?",
  ],
} as const;

/** A situation the offline intake has sentences for. */
export type IntakeSituation = keyof typeof INTAKE_TEMPLATES;

/** A stable 32-bit hash (FNV-1a), so the same session always picks the same variants. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The variant of `situation` for a session (`seed`) at a turn; `shift` moves to the next one. */
export function pickVariant(situation: IntakeSituation, seed: string, turn: number, shift = 0): string {
  const variants = INTAKE_TEMPLATES[situation];
  return variants[(stableHash(`${seed}:${situation}`) + turn + shift) % variants.length]!;
}

/** A template with its `{name}` slots filled. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => values[name] ?? slot);
}

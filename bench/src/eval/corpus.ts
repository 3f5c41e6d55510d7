import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The evaluated fields of a profile, in the corpus's plain form. */
export interface ExpectedProfile {
  seniority?: string;
  years?: { min?: number; max?: number };
  salary?: { min?: number; max?: number; currency?: string; period: string };
  remote?: string;
  officeDays?: number;
  employmentType?: string[];
  mustHave?: string[];
  niceToHave?: string[];
  excluded?: string[];
  languages?: { language: string; level?: string }[];
}

/** One hiring statement and what it states. */
export interface CorpusStatement {
  id: string;
  text: string;
  expect: ExpectedProfile;
}

/** A conversation (user turns), the profile after the last turn, the conflicts and the questions left. */
export interface CorpusConversation {
  id: string;
  turns: string[];
  expect: ExpectedProfile;
  conflicts: { rule: string; afterTurn: number }[];
  questions: string[];
}

const corpusDir = fileURLToPath(new URL('../../eval/corpus/', import.meta.url));

/** Loads the corpus kept in `bench/eval/corpus/`. */
export async function loadCorpus(): Promise<{
  statements: CorpusStatement[];
  conversations: CorpusConversation[];
}> {
  const read = async <T>(name: string) => JSON.parse(await readFile(`${corpusDir}${name}`, 'utf8')) as T;
  return {
    statements: await read<CorpusStatement[]>('statements.json'),
    conversations: await read<CorpusConversation[]>('conversations.json'),
  };
}

/** Whether a skill is required, a bonus, or unwanted. */
export type SkillMode = 'must' | 'nice' | 'exclude';

/** "nice to have", "bonus", "a plus", "preferred" … in English, German, French, Spanish. */
export const NICE_MARKER =
  /\b(?:nice[- ]to[- ]haves?|bonus(?: points?)?|(?:is|are|would be) a plus|a plus|plus points?|preferred|preferably|ideally|would be (?:nice|great|good|helpful)|optional|desirable|an advantage|advantageous|good to have|wünschenswert|von vorteil|un plus|deseable|valorable)\b/i;

/** Words that exclude what follows them ("no Java", "not React", "we don't need Spark"). */
export const NEGATION =
  /\b(?:no(?![,—–-])|not|without|never|avoid|except|excluding|don'?t need|do not need|doesn'?t need|no need for|keine?n?|nicht|pas de|sans|sin|geen)\b/gi;

/** A sentence opening with "Must:", "Nice to have:", "Bonus:", "Not:" sets the mode of its list. */
const HEADER =
  /^\s*(?:[-*•]\s*)?(must(?:[- ]haves?)?|required|requirements|essential|nice[- ]to[- ]haves?|bonus(?: points)?|pluses|preferred|not|no|avoid|exclude[ds]?)\s*:/i;

/** The mode a marker word stands for. */
export function modeOf(marker: string): SkillMode {
  const word = marker.toLowerCase();
  if (/^(?:not|no|avoid|exclude)/.test(word)) return 'exclude';
  if (/^(?:nice|bonus|pluses|preferred)/.test(word)) return 'nice';
  return 'must';
}

/** The mode an inline header gives its sentence, if the sentence opens with one. */
export function headerMode(sentence: string): SkillMode | undefined {
  const match = HEADER.exec(sentence);
  return match ? modeOf(match[1]!) : undefined;
}

/** A line that is only a short heading ("Nice to have", "Requirements:", "What we offer"). */
export function isHeading(line: string): boolean {
  const text = line.trim().replace(/:$/, '');
  return (
    text !== '' && !/^[-*•·]|^\d+[.)]/.test(text) && !/[,.;!?]/.test(text) && text.split(/\s+/).length <= 5
  );
}

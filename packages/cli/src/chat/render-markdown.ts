import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';

const renderers = new Map<number, Marked>();

/** Markdown from the model as terminal text (headings, lists, code, emphasis), wrapped to `width`. */
export function renderMarkdown(text: string, width: number): string {
  let marked = renderers.get(width);
  if (!marked) {
    marked = new Marked(markedTerminal({ width, reflowText: true, tab: 2, showSectionPrefix: false }));
    renderers.set(width, marked);
  }
  return (marked.parse(text, { async: false }) as string).trimEnd();
}

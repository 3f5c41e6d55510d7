import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { renderMarkdown } from './render-markdown.js';

/** The answer streaming in: a spinner until the first token, then the text so far as Markdown. */
export function AnswerView({ text, width }: { text: string; width: number }) {
  if (text === '') {
    return (
      <Box marginTop={1}>
        <Text color="cyan">
          <Spinner type="dots" />
        </Text>
        <Text dimColor> thinking… (Ctrl+C stops)</Text>
      </Box>
    );
  }
  return (
    <Box marginTop={1}>
      <Text>{renderMarkdown(text, width)}</Text>
    </Box>
  );
}

import { Box, Text } from 'ink';
import type { TranscriptEntry } from './chat-state.js';
import { renderMarkdown } from './render-markdown.js';

const TONE_COLOUR = { info: 'gray', warn: 'yellow', error: 'red' } as const;

/** One transcript line: your message, the assistant's answer as Markdown, a notice or a session heading. */
export function TranscriptEntryView({ entry, width }: { entry: TranscriptEntry; width: number }) {
  if (entry.kind === 'heading') {
    return (
      <Box marginTop={1}>
        <Text dimColor>── {entry.text} ──</Text>
      </Box>
    );
  }
  if (entry.kind === 'notice') return <Text color={TONE_COLOUR[entry.tone]}>{entry.text}</Text>;
  const { message } = entry;
  if (message.role === 'tool')
    return <Text dimColor>{`  ↳ ${message.content.split('\n', 1)[0]?.slice(0, 100) ?? ''}`}</Text>;
  if (message.role === 'assistant' && message.toolCalls?.length) {
    const names = message.toolCalls.map((call) => call.name).join(', ');
    return <Text dimColor>{`${message.content ? `${message.content}\n` : ''}  … called ${names}`}</Text>;
  }
  if (message.role === 'user') {
    return (
      <Box marginTop={1}>
        <Text color="cyan" bold>
          {'› '}
        </Text>
        <Text>{message.content}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>{renderMarkdown(message.content, width)}</Text>
      {message.status === 'incomplete' ? <Text color="yellow">(incomplete)</Text> : null}
    </Box>
  );
}

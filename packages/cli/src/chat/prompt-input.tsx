import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';

/** The input line: Enter submits, Up/Down walk through what was typed before in this run. */
export function PromptInput({ onSubmit }: { onSubmit: (line: string) => void }) {
  const [value, setValue] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);

  useInput((_input, key) => {
    if (history.length === 0 || (!key.upArrow && !key.downArrow)) return;
    const from = cursor ?? history.length;
    const next = key.upArrow ? Math.max(0, from - 1) : from + 1;
    if (next >= history.length) {
      setCursor(null);
      setValue('');
      return;
    }
    setCursor(next);
    setValue(history[next] ?? '');
  });

  const submit = (line: string) => {
    if (line.trim() !== '')
      setHistory((previous) => (previous.at(-1) === line ? previous : [...previous, line]));
    setCursor(null);
    setValue('');
    onSubmit(line);
  };

  return (
    <Box marginTop={1}>
      <Text color="cyan" bold>
        {'› '}
      </Text>
      <TextInput value={value} onChange={setValue} onSubmit={submit} placeholder="Message, or /help" />
    </Box>
  );
}

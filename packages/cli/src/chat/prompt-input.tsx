import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';

/** The input line: Enter submits, Up/Down walk through what was typed before in this run. */
export function PromptInput({ onSubmit }: { onSubmit: (line: string) => void }) {
  const [value, setValue] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  // Ink re-registers input handlers in an effect after each frame is drawn, so a key arriving in
  // between reaches the previous handler with the previous value: Enter reads the line from a ref.
  const line = useRef('');
  const latestSubmit = useRef(onSubmit);
  latestSubmit.current = onSubmit;
  const change = (next: string) => {
    line.current = next;
    setValue(next);
  };

  useInput((_input, key) => {
    if (history.length === 0 || (!key.upArrow && !key.downArrow)) return;
    const from = cursor ?? history.length;
    const next = key.upArrow ? Math.max(0, from - 1) : from + 1;
    if (next >= history.length) {
      setCursor(null);
      change('');
      return;
    }
    setCursor(next);
    change(history[next] ?? '');
  });

  const submit = () => {
    const text = line.current;
    if (text.trim() !== '')
      setHistory((previous) => (previous.at(-1) === text ? previous : [...previous, text]));
    setCursor(null);
    change('');
    latestSubmit.current(text);
  };

  return (
    <Box marginTop={1}>
      <Text color="cyan" bold>
        {'› '}
      </Text>
      <TextInput value={value} onChange={change} onSubmit={submit} placeholder="Message, or /help" />
    </Box>
  );
}

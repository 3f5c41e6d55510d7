import { Box, Text } from 'ink';
import { describeProfile } from '@parley/core/requirements';
import { type RequirementsView } from '@parley/core';
import { openConflicts, pendingQuestions } from './describe-requirements.js';

/** The requirements panel beside the chat: stated fields, open conflicts in red, open questions numbered. */
export function RequirementsPanel({ view, width }: { view: RequirementsView | null; width: number }) {
  if (!view) {
    return (
      <Box borderStyle="round" width={width} paddingX={1}>
        <Text dimColor>Loading requirements…</Text>
      </Box>
    );
  }
  const fields = describeProfile(view.profile);
  const conflicts = openConflicts(view);
  const questions = pendingQuestions(view);
  return (
    <Box borderStyle="round" flexDirection="column" width={width} paddingX={1}>
      <Text bold>Requirements v{view.version}</Text>
      {fields.length === 0 ? <Text dimColor>nothing stated yet</Text> : null}
      {fields.map(({ field, label, text }) => (
        <Text key={field}>
          <Text color="cyan">{label}:</Text> {text}
        </Text>
      ))}
      {conflicts.length > 0 ? <Text bold>Conflicts</Text> : null}
      {conflicts.map((conflict) => (
        <Text key={conflict.id} color="red">
          ! {conflict.message}
        </Text>
      ))}
      {questions.length > 0 ? <Text bold>Questions</Text> : null}
      {questions.map((question, index) => (
        <Text key={question.id} color="yellow">
          {index + 1}. {question.text}
        </Text>
      ))}
    </Box>
  );
}

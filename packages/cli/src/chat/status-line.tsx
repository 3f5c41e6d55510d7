import { Text } from 'ink';
import type { ChatSession } from './chat-backend.js';

/** Session, model, tokens used and where Parley runs, under the input line. */
export function StatusLine(props: {
  session: ChatSession;
  model: string | null;
  tokens: number;
  where: string;
}) {
  const { session, model, tokens, where } = props;
  const title = session.title ? ` · ${session.title}` : '';
  return (
    <Text dimColor>
      session {session.id.slice(0, 8)}
      {title} · model {model ?? 'unknown'} · {tokens} tokens · {where} · Tab requirements · /help
    </Text>
  );
}

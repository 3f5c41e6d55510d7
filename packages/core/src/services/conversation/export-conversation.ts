import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';

export type ExportFormat = 'json' | 'md';

/** A conversation as a portable document (R4.5): JSON for machines, Markdown for people. */
export function renderExport(session: Session, messages: Message[], format: ExportFormat): string {
  if (format === 'json') {
    return `${JSON.stringify({ session, messages }, null, 2)}\n`;
  }
  const lines = [
    `# ${session.title ?? 'Parley conversation'}`,
    '',
    `- Session: \`${session.id}\``,
    `- Started: ${session.createdAt.toISOString()}`,
    `- Status: ${session.status}`,
    '',
  ];
  for (const message of messages) {
    const flag = message.status === 'incomplete' ? ' (incomplete)' : '';
    lines.push(
      `## ${message.seq}. ${message.role}${flag}`,
      '',
      `_${message.createdAt.toISOString()}_`,
      '',
      ...(message.content === '' ? [] : [message.content, '']),
      ...(message.toolCalls ?? []).map((call) => `- called \`${call.name}\` with \`${call.arguments}\``),
      ...(message.toolCalls?.length ? [''] : []),
      ...(message.toolCallId === null ? [] : [`_result of call \`${message.toolCallId}\`_`, '']),
    );
  }
  return lines.join('\n');
}

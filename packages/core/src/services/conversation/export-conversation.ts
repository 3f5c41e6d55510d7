import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import type { RequirementsView } from '../requirements/requirements-service.js';
import { describeProfile } from '../requirements/session-brief.js';

export type ExportFormat = 'json' | 'md';

/**
 * A conversation as a portable document (R4.5): JSON for machines, Markdown for people; with the
 * session's requirement profile, conflicts and questions when given (issue 10).
 */
export function renderExport(
  session: Session,
  messages: Message[],
  format: ExportFormat,
  requirements?: RequirementsView,
): string {
  if (format === 'json') {
    return `${JSON.stringify({ session, messages, ...(requirements ? { requirements } : {}) }, null, 2)}\n`;
  }
  const lines = [
    `# ${session.title ?? 'Parley conversation'}`,
    '',
    `- Session: \`${session.id}\``,
    `- Started: ${session.createdAt.toISOString()}`,
    `- Status: ${session.status}`,
    '',
  ];
  if (requirements) lines.push(...requirementsSection(requirements));
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

/** The Markdown export's requirements: the profile's fields, then its conflicts and questions with their states. */
function requirementsSection({ profile, conflicts, questions, version }: RequirementsView): string[] {
  const fields = describeProfile(profile).map(({ label, text }) => `- ${label}: ${text}`);
  return [
    `## Requirements (version ${version})`,
    '',
    ...(fields.length > 0 ? fields : ['- nothing stated yet']),
    '',
    ...(conflicts.length > 0
      ? ['### Conflicts', '', ...conflicts.map((c) => `- ${c.message} (${c.state})`), '']
      : []),
    ...(questions.length > 0
      ? ['### Questions', '', ...questions.map((q) => `- ${q.text} (${q.state})`), '']
      : []),
  ];
}

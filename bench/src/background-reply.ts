/** What a model extracts from the bench's question: the title and seniority it states. */
const REQUIREMENTS_UPDATE = JSON.stringify({
  profile: { title: 'Backend Engineer', seniority: 'senior' },
  cites: {},
  conflicts: [],
});

/**
 * The stubs' answer to background work, which asks without streaming for JSON: requirement
 * extraction (recognised by its instructions) gets a valid update, as a model would give (otherwise
 * each answer would pay a repair request and a logged failure), anything else a session title.
 */
export function backgroundReply(request: { messages?: Array<{ content?: unknown }> }): string {
  const extraction = (request.messages ?? []).some((message) =>
    String(message.content).includes('hiring requirement profile'),
  );
  return extraction ? REQUIREMENTS_UPDATE : '{"title":"Hiring a backend engineer"}';
}

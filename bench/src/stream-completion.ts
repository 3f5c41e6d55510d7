/**
 * Streams one chat completion from an OpenAI-compatible endpoint with plain fetch and SSE parsing:
 * the least a relay must do, which is what the baseline measures Parley against.
 */
export async function* streamCompletion(
  baseUrl: string,
  messages: Array<{ role: string; content: string }>,
): AsyncGenerator<string> {
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: JSON.stringify({ model: 'stub-model', messages, stream: true }),
  });
  if (!response.ok || !response.body) throw new Error(`stub answered ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (!event.startsWith('data: ')) continue;
      const data = event.slice(6);
      if (data === '[DONE]') return;
      const text = (JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]
        ?.delta?.content;
      if (text) yield text;
    }
  }
}

import { parseArgs } from 'node:util';
import { startLlmStub, type LlmStub } from './start-llm-stub.js';

export const CLI_USAGE = `Usage: parley-llm-stub [--port 0] [--host 127.0.0.1] [--chunk-delay ms] [--first-token-delay ms] [--reply text]
Serves an OpenAI-compatible API (/v1/chat/completions, /v1/embeddings, /v1/models) for tests and demos.\n`;

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new Error(`--${name} must be a whole number, got "${value}".`);
  return number;
}

/**
 * The `parley-llm-stub` command without the process around it: parses `argv`, starts the stub and
 * writes its URL; resolves to the stub (undefined for --help) so tests can drive and close it.
 */
export async function runCli(argv: string[], write: (text: string) => void): Promise<LlmStub | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'chunk-delay': { type: 'string' },
      'first-token-delay': { type: 'string' },
      reply: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    write(CLI_USAGE);
    return undefined;
  }
  const stub = await startLlmStub({
    port: wholeNumber('port', values.port) ?? 0,
    host: values.host,
    ...(values.reply === undefined ? {} : { reply: values.reply }),
    defaults: {
      chunkDelayMs: wholeNumber('chunk-delay', values['chunk-delay']),
      firstTokenDelayMs: wholeNumber('first-token-delay', values['first-token-delay']),
    },
  });
  write(`listening on ${stub.url}\n`);
  return stub;
}

import { z } from 'zod';
import type { ToolCall, ToolDefinition } from '../../ports/chat-model.js';
import type { Tool, ToolContext, ToolOutput } from '../../ports/tool.js';
import { linkAbort } from '../../shared/link-abort.js';
import { ParleyError } from '../../errors/parley-error.js';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** A tool's result is cut here before it reaches the model (and the stored conversation). */
const MAX_RESULT_CHARS = 16_000;

/** A call's arguments as the model meant them: parsed JSON, `{}` for none, the raw text when invalid. */
export function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** How one call went: what the model reads, and what watchers see. */
export interface ToolOutcome {
  call: ToolCall;
  ok: boolean;
  content: string;
  summary: string;
}

/** The tools of a turn: their definitions for the model, and running the calls it makes. */
export class ToolBox {
  private readonly byName = new Map<string, Tool>();
  readonly definitions: ToolDefinition[];

  constructor(
    tools: Tool[],
    private readonly defaultTimeoutMs: number,
  ) {
    for (const tool of tools) {
      if (!TOOL_NAME.test(tool.name)) {
        throw new ParleyError('CONFIG_INVALID', `Tool name "${tool.name}" must match ${TOOL_NAME.source}.`, {
          keys: ['tools'],
        });
      }
      this.byName.set(tool.name, tool);
    }
    this.definitions = [...this.byName.values()].map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: z.toJSONSchema(tool.parameters, { unrepresentable: 'any' }) as Record<string, unknown>,
    }));
  }

  get size(): number {
    return this.byName.size;
  }

  /** A box with `more` added (same names replaced). */
  with(more: Tool[] | undefined): ToolBox {
    return more?.length ? new ToolBox([...this.byName.values(), ...more], this.defaultTimeoutMs) : this;
  }

  /**
   * Runs one call. Never throws: unknown tools, invalid arguments, failures and timeouts come back
   * as a failed outcome whose text tells the model what went wrong.
   */
  async run(
    call: ToolCall,
    context: Omit<ToolContext, 'signal'> & { signal: AbortSignal },
  ): Promise<ToolOutcome> {
    const args = parseArguments(call.arguments);
    const failed = (message: string): ToolOutcome => ({
      call,
      ok: false,
      content: `Error: ${message}`,
      summary: message,
    });
    const tool = this.byName.get(call.name);
    if (!tool) return failed(`there is no tool named "${call.name}"`);
    const parsed = tool.parameters.safeParse(args);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`,
      );
      return failed(`invalid arguments (${issues.join('; ')})`);
    }
    const controller = new AbortController();
    const unlink = linkAbort(context.signal, controller);
    const timeoutMs = tool.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const cancelled = new Promise<'cancelled'>((resolve) => {
      if (controller.signal.aborted) resolve('cancelled');
      controller.signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
    });
    try {
      const output = await Promise.race([
        tool.execute(parsed.data, { ...context, signal: controller.signal }),
        timedOut,
        cancelled,
      ]);
      if (output === 'timeout') {
        controller.abort();
        return failed(`${call.name} did not answer within ${timeoutMs} ms`);
      }
      if (output === 'cancelled') return failed('the turn was cancelled');
      const { content, summary } = normalize(output);
      return { call, ok: true, content: content.slice(0, MAX_RESULT_CHARS), summary };
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }
}

function normalize(output: string | ToolOutput): { content: string; summary: string } {
  const value = typeof output === 'string' ? { content: output } : output;
  const firstLine = value.content.split('\n', 1)[0] ?? '';
  return { content: value.content, summary: value.summary ?? firstLine.slice(0, 120) };
}

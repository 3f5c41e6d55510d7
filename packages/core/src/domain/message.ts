import type { ToolCall } from '../ports/chat-model.js';

export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;

/** Roles the model API understands; anything else is rejected before it is stored. */
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** `incomplete` marks an answer cut short by a disconnect, a cancel or a model failure. */
export type MessageStatus = 'complete' | 'incomplete';

/** Provenance of an assistant answer, kept for cost and latency reporting (R5.7). */
export interface MessageUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  firstTokenMs?: number;
}

/** A persisted message; `seq` is gap-free per session and is the paging cursor. */
export interface Message {
  id: string;
  sessionId: string;
  seq: number;
  role: MessageRole;
  content: string;
  tokenCount: number;
  status: MessageStatus;
  usage: MessageUsage | null;
  /** Assistant messages that called tools: the calls, in the order the model made them. */
  toolCalls: ToolCall[] | null;
  /** `tool` messages: the call this is the result of. */
  toolCallId: string | null;
  createdAt: Date;
}

/**
 * The embeddings port (R5.1, R6.1), separate from chat: an embedding model may live on another
 * endpoint with its own fallbacks, and a chat model need not embed.
 */
export interface EmbeddingModel {
  /** One vector per input text, in order. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

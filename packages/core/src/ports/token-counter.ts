/** Counts model tokens once, when a message is stored; the context builder reads the stored counts. */
export interface TokenCounter {
  /** Number of tokens `text` costs in the model's encoding. */
  count(text: string): number;
}

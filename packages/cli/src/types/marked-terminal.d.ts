declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';

  /** The subset of marked-terminal's options the chat uses. */
  export interface TerminalRendererOptions {
    width?: number;
    reflowText?: boolean;
    tab?: number;
    showSectionPrefix?: boolean;
  }

  export function markedTerminal(
    options?: TerminalRendererOptions,
    highlightOptions?: unknown,
  ): MarkedExtension;
}

export { createManualClock, type ManualClock } from './manual-clock.js';
export {
  createScriptedLlm,
  type ScriptedJson,
  type ScriptedLlm,
  type ScriptedLlmCall,
  type ScriptedLlmScript,
  type ScriptedReply,
  type ScriptedReplySpec,
  type ScriptedToolCall,
} from './scripted-llm.js';
export {
  createFakeSearchProvider,
  type FakeSearchAnswer,
  type FakeSearchProvider,
  type FakeSearchScript,
} from './fake-search-provider.js';
export { SearchProviderError } from '../errors/search-provider-error.js';

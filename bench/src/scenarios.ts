import type { Scenario } from './scenario.js';
import { coreTurnScenario } from './scenarios/core-turn.js';
import { historyScalingScenario } from './scenarios/history-scaling.js';
import { idleSocketsScenario } from './scenarios/idle-sockets.js';
import { longAnswerScenario } from './scenarios/long-answer.js';
import { longSessionScenario } from './scenarios/long-session.js';
import { retrievalScenario } from './scenarios/retrieval.js';
import { slowStreamsScenario } from './scenarios/slow-streams.js';
import { socketLoadScenario } from './scenarios/socket-load.js';

/** Every `pnpm bench` scenario, in the order a full run takes them; one line per scenario. */
export const SCENARIOS: readonly Scenario[] = [
  socketLoadScenario,
  slowStreamsScenario,
  idleSocketsScenario,
  longAnswerScenario,
  coreTurnScenario,
  longSessionScenario,
  historyScalingScenario,
  retrievalScenario,
];

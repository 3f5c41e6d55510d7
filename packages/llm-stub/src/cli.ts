#!/usr/bin/env node
import { CLI_USAGE, runCli } from './run-cli.js';

runCli(process.argv.slice(2), (text) => process.stdout.write(text))
  .then((stub) => {
    if (!stub) return;
    const stop = () => void stub.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `parley-llm-stub: ${error instanceof Error ? error.message : String(error)}\n${CLI_USAGE}`,
    );
    process.exit(1);
  });

import { createRequire } from 'node:module';
import { colourEnabled } from './runtime/style.js';

// Ink and marked-terminal colour through chalk, which decides once when first imported: settle it
// here with the CLI's own rule (a TTY and no NO_COLOR) before anything loads it.
if (!colourEnabled(process.stdout, process.env)) process.env.FORCE_COLOR = '0';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
const { runCli } = await import('./run-cli.js');
const { processIo } = await import('./runtime/cli-io.js');
process.exitCode = await runCli(process.argv.slice(2), processIo(), version);

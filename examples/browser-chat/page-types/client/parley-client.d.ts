// What the page's `./client/parley-client.js` (the client's browser bundle, served at /client/) exports,
// so `tsc -p tsconfig.page.json` checks chat.js against the client's types.
export * from '@parley/client';

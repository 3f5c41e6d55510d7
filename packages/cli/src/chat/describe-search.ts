import type { SearchRun } from '@parley/core';

/** A search run as a transcript notice: each result ranked, with its URL and why it ranks there. */
export function describeSearch(search: SearchRun): { text: string; tone: 'info' | 'warn' } {
  const from = search.fromCache ? ' (from cache)' : '';
  const head = `Search ${search.intent}${search.query ? ` "${search.query}"` : ''}: ${search.results.length} result(s)${from}`;
  const lines = [head];
  if (search.degraded || search.stale) {
    const what = search.degraded ? 'Search degraded' : 'Stale results';
    lines.push(`${what}${search.reason ? `: ${search.reason}` : ''}`);
  }
  search.results.forEach((result, index) => {
    const why = [
      result.reasons.matched.length > 0 ? `matched: ${result.reasons.matched.join(', ')}` : '',
      result.reasons.missing.length > 0 ? `missing: ${result.reasons.missing.join(', ')}` : '',
      result.reasons.stale ? 'stale' : '',
    ].filter((part) => part !== '');
    lines.push(
      `${index + 1}. ${result.title} (${result.score.toFixed(2)})`,
      `   ${result.url}`,
      ...(why.length > 0 ? [`   ${why.join(' · ')}`] : []),
    );
  });
  if (search.results.length > 0) lines.push('/keep <n> keeps a result with this session.');
  return { text: lines.join('\n'), tone: search.degraded || search.stale ? 'warn' : 'info' };
}

/** Plain aligned columns for human output; the header is styled by the caller's `heading`. */
export function formatTable(
  headers: string[],
  rows: string[][],
  heading: (text: string) => string = (text) => text,
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [heading(line(headers)), ...rows.map(line)].join('\n');
}

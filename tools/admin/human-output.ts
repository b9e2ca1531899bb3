/** Plain-text rendering for the admin CLI: aligned `label: value` lines. */

/** Aligned `label  value` lines; pairs without a value are left out. */
export function fields(pairs: ReadonlyArray<readonly [string, string | number | undefined]>, indent = '  '): string {
  const shown = pairs.filter((pair): pair is readonly [string, string | number] => pair[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length + 1));
  return shown.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)} ${value}`).join('\n');
}

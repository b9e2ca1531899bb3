/** The bench's rows (ours, the floor's or the ceiling's, the ratio) with their budgets, as a table and as JSON. */

export interface Budget {
  /** e.g. `≤ 1.25× floor`. */
  readonly text: string;
  readonly met: boolean;
}

export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly unit: string;
  readonly ours: number;
  /** The floor's figure, or the ceiling's for throughput; absent for absolute measures. */
  readonly reference?: number;
  readonly ratio?: number;
  readonly budget?: Budget;
}

/** A row compared with the floor (or ceiling); `limit` makes the ratio a budget, `higherIsBetter` flips it. */
export function compared(
  section: string,
  measure: string,
  unit: string,
  ours: number,
  reference: number,
  limit?: { ratio: number; higherIsBetter?: boolean; against?: string },
): Row {
  const ratio = ours / reference;
  const budget = limit && {
    text: `${limit.higherIsBetter ? '≥' : '≤'} ${limit.ratio}× ${limit.against ?? 'floor'}`,
    met: limit.higherIsBetter ? ratio >= limit.ratio : ratio <= limit.ratio,
  };
  return { section, measure, unit, ours, reference, ratio, ...(budget ? { budget } : {}) };
}

/** A row with an absolute budget (`ours` must be at most, or below, `limit`). */
export function absolute(
  section: string,
  measure: string,
  unit: string,
  ours: number,
  limit?: { max: number; strict?: boolean },
): Row {
  const budget = limit && {
    text: `${limit.strict ? '<' : '≤'} ${limit.max} ${unit}`,
    met: limit.strict ? ours < limit.max : ours <= limit.max,
  };
  return { section, measure, unit, ours, ...(budget ? { budget } : {}) };
}

function format(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (unit === 'B') return value >= 10_000 ? `${(value / 1024).toFixed(1)} KiB` : `${value} B`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`.trim();
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
    .join('  ');
}

/** The table for stdout. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['measure', 'ours', 'floor/ceiling', 'ratio', 'budget', ''];
  const body = rows.map((row) => [
    `${row.section}: ${row.measure}`,
    format(row.ours, row.unit),
    format(row.reference, row.unit),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.budget?.text ?? '',
    row.budget ? (row.budget.met ? 'ok' : 'MISSED') : '',
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((cells) => cells[column]?.length ?? 0)));
  return [
    pad(header, widths),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map((cells) => pad(cells, widths)),
  ].join('\n');
}

export const missedBudgets = (rows: readonly Row[]): Row[] => rows.filter((row) => row.budget && !row.budget.met);

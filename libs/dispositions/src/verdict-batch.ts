/**
 * An HTTP body of analyst verdicts: one JSON object, a JSON array of them, or NDJSON (one per
 * line). Each record is judged on its own — a bad one is rejected with its reason and position
 * and the others go on; only a body in none of those shapes is unparseable (null). Pure.
 */
import { DispositionSchema, guardJson, validatePlain, type Disposition } from '@riskline/contracts';

export interface BatchRejection {
  /** The record's position: its index in the array, or its line's index among non-blank lines. */
  readonly index: number;
  readonly reason: string;
}

export interface VerdictBatch {
  readonly records: readonly { readonly index: number; readonly disposition: Disposition }[];
  readonly rejected: readonly BatchRejection[];
}

function elements(text: string): { index: number; value: unknown; line?: number }[] | null {
  try {
    const whole: unknown = JSON.parse(text);
    if (Array.isArray(whole)) return whole.map((value, index) => ({ index, value }));
    if (whole !== null && typeof whole === 'object') return [{ index: 0, value: whole }];
    return null;
  } catch {
    // Not one JSON document: try NDJSON.
  }
  const lines = text
    .split('\n')
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((l) => l.text !== '');
  const parsed = lines.map((l, index) => {
    try {
      return { index, line: l.line, value: JSON.parse(l.text) as unknown, ok: true };
    } catch (error) {
      return { index, line: l.line, value: (error as Error).message, ok: false };
    }
  });
  if (!parsed.some((p) => p.ok)) return null;
  return parsed.map((p) =>
    p.ok ? p : { index: p.index, line: p.line, value: new SyntaxError(String(p.value)) },
  );
}

export function parseVerdictBatch(body: unknown): VerdictBatch | null {
  const items =
    typeof body === 'string'
      ? elements(body)
      : Array.isArray(body)
        ? body.map((value, index) => ({ index, value }))
        : body !== null && typeof body === 'object' && Object.keys(body).length > 0
          ? [{ index: 0, value: body }]
          : null;
  if (items === null) return null;
  const records: { index: number; disposition: Disposition }[] = [];
  const rejected: BatchRejection[] = [];
  for (const { index, value, line } of items as { index: number; value: unknown; line?: number }[]) {
    const where = line === undefined ? '' : `line ${line}: `;
    if (value instanceof SyntaxError) {
      rejected.push({ index, reason: `${where}invalid JSON: ${value.message}` });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      rejected.push({ index, reason: `${where}a verdict must be a JSON object` });
      continue;
    }
    const structural = guardJson(value);
    if (structural) {
      rejected.push({ index, reason: `${where}${structural.message}` });
      continue;
    }
    const decoded = validatePlain(DispositionSchema, value as Record<string, unknown>);
    if (decoded.ok) records.push({ index, disposition: decoded.value });
    else rejected.push({ index, reason: `${where}${decoded.rejection.message}` });
  }
  return { records, rejected };
}

/**
 * Placeholder values for the `expand` modifier (`%admins%`), given as `name=value1,value2`
 * (the CLI's repeatable `--placeholder`, the tagger's `SIGMA_PLACEHOLDERS`, `;`-separated).
 * Invariant: a name is given once, with at least one non-empty value; anything else is a
 * PlaceholderError naming the entry, so a typo never silently leaves rules matching nothing.
 */
export class PlaceholderError extends Error {}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function parsePlaceholders(entries: readonly string[]): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const entry of entries) {
    const split = entry.indexOf('=');
    const name = split < 0 ? entry : entry.slice(0, split);
    if (split < 0 || !NAME.test(name))
      throw new PlaceholderError(
        `placeholder '${entry}' must be name=value[,value…] with a name of letters, digits, _ . -`,
      );
    const values = entry
      .slice(split + 1)
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0) throw new PlaceholderError(`placeholder '${name}' has no values`);
    if (out.has(name)) throw new PlaceholderError(`placeholder '${name}' is given twice`);
    out.set(name, values);
  }
  return out;
}

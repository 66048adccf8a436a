/**
 * Structural checks on parsed JSON before it reaches class-transformer: keys that could reach an
 * object prototype (`__proto__`, `constructor`, `prototype`) are refused wherever they appear,
 * and nesting is bounded so recursive validators cannot overflow the stack. Iterative on purpose.
 */
import type { Rejection } from './rejection';

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const DEFAULT_MAX_DEPTH = 64;

export function guardJson(root: unknown, maxDepth = DEFAULT_MAX_DEPTH): Rejection | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) {
      return { kind: 'too_deep', message: `nesting deeper than ${maxDepth} levels at ${path || '(root)'}` };
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        return {
          kind: 'forbidden_key',
          message: `key '${key}' is not allowed (at ${keyPath})`,
          fields: [{ path: keyPath, messages: ['forbidden key'] }],
        };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
  return null;
}

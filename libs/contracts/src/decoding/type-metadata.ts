/**
 * class-transformer's `@Type` metadata: it keeps the storage in a module its entry point neither
 * exports nor types (its typings for it live under types/). The one place that reaches for it.
 */
import { createRequire } from 'node:module';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

export const typeMetadataStorage = (
  createRequire(__filename)('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage }
).defaultMetadataStorage;

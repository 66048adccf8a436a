export { SettingsError } from './settings-error';
export { readSettings, type SettingsProblem } from './read-settings';
export { type EntryCheck, type EntryProblem } from './settings-problems';
export {
  Duration,
  Entries,
  EntriesOf,
  Flag,
  ListOf,
  Names,
  NumberIn,
  OneOf,
  PositiveInt,
  Section,
  TextMatching,
  type NumberRange,
} from './settings-fields';

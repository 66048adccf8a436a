/**
 * `--shape auto|flat|evtx|ecs|hec`: the event shape an offline command holds its input to, as
 * the tagger's EVENT_SHAPE does (`auto`, the default, tells the shapes apart per event).
 */
import { EVENT_SHAPES, type EventShapeSetting } from '@riskline/detection';
import { UsageError } from './command-line';

export function eventShapeOption(text: string | undefined): EventShapeSetting {
  if (text === undefined) return 'auto';
  if (!(EVENT_SHAPES as readonly string[]).includes(text))
    throw new UsageError(`--shape: '${text}' is not one of ${EVENT_SHAPES.join(', ')}`);
  return text as EventShapeSetting;
}

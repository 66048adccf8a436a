/**
 * The topic names an offline run writes into its outputs (a detection's `source.topic`, the
 * topic each output is on): the services' own, from the same RISKLINE_TOPIC_* variables, so an
 * offline run and a deployment configured alike give identical messages. A bad name is an
 * InputError naming the variable.
 */
import { topicNames, type TopicNames } from '@riskline/contracts';
import { InputError } from '../input-files';

export function offlineTopics(env: Readonly<Record<string, string | undefined>> = process.env): TopicNames {
  try {
    return topicNames(env);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/** Topic names after RISKLINE_TOPIC_* overrides, or a config error naming the bad variable. */
import { topicNames, type TopicNames } from '@riskline/contracts';
import { ConfigError } from './config-error';

export function configuredTopics(env: NodeJS.ProcessEnv = process.env): TopicNames {
  try {
    return topicNames(env);
  } catch (error) {
    throw new ConfigError([{ key: 'RISKLINE_TOPIC_*', message: (error as Error).message }]);
  }
}

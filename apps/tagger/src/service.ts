/**
 * The tagger as a module to start in-process (`@riskline/app/tagger`): what a test that runs
 * the real service inside its own process needs — the Nest module and its config class. Only
 * integration tests import an application; the lint rule allows nothing else.
 */
export { TaggerConfig } from './tagger.config';
export { TaggerModule } from './tagger.module';

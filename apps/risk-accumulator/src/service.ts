/**
 * The risk accumulator as a module to start in-process (`@riskline/app/risk-accumulator`): the
 * Nest module and its config class, for integration tests that run the real service in their
 * own process. Only integration tests import an application; the lint rule allows nothing else.
 */
export { RiskAccumulatorConfig } from './risk-accumulator.config';
export { RiskAccumulatorModule } from './risk-accumulator.module';

/**
 * The tagger's rule API (bearer token): the loaded rules with their operational state and the
 * load errors; and setting or clearing a rule's state, written to soc.rule-state so that every
 * tagger instance applies it.
 */
import { ruleIdProblem } from '@riskline/contracts';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { RuleState } from '@riskline/contracts';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { BearerTokenGuard, bodySchema, fieldValidationPipe } from '@riskline/service-host';
import { RuleRegistry } from './rule-registry';
import { RuleStateRequest } from './rule-state.dto';
import { RULE_STATE_PRODUCER, RULE_STATE_TOPIC } from './tagger.tokens';
import { TaggerRuleStateReader } from './tagger-rule-states';

@ApiTags('rules')
@Controller('api/v1/rules')
@UseGuards(BearerTokenGuard)
export class RulesController {
  constructor(
    @Inject(RuleRegistry) private readonly registry: RuleRegistry,
    @Inject(TaggerRuleStateReader) private readonly reader: TaggerRuleStateReader,
    @Inject(RULE_STATE_PRODUCER) private readonly producer: Producer,
    @Inject(RULE_STATE_TOPIC) private readonly topic: string,
  ) {}

  @Get()
  list() {
    const now = Date.now();
    const plan = this.registry.engine.correlations;
    const unmapped = new Set(this.registry.engine.unmapped.map((r) => r.id));
    const rules = [...this.registry.rules, ...plan.correlations()];
    return {
      generation: this.registry.generation,
      counts: {
        loaded: this.registry.engine.loadedRuleCount,
        unmapped: unmapped.size,
        failed: this.registry.errors.length,
      },
      rules: rules.map((rule) => {
        const effective = this.reader.states.effective(rule.id, now);
        return {
          id: rule.id,
          kind: rule.kind,
          title: rule.title,
          level: rule.level,
          tactics: rule.tactics,
          techniques: rule.techniques,
          source: this.registry.sourceOf(rule.id),
          // `unmapped`: no loaded log source mapping covers its logsource, so it fires only
          // on events that declare that logsource themselves.
          status: unmapped.has(rule.id) ? 'unmapped' : 'loaded',
          ...(rule.kind === 'sigma' ? { logsource: rule.logsource, filtered_by: rule.filteredBy } : {}),
          state: effective.state,
          confidence_max: effective.confidenceMax,
          state_record: this.reader.states.get(rule.id) ?? null,
          // Whether its own firings become detections (not when only correlations consume it).
          generates: plan.generates(rule.id),
          ...(rule.kind === 'correlation'
            ? {
                correlation: {
                  type: rule.type,
                  rules: rule.rules,
                  group_by: rule.groupBy,
                  timespan_ms: rule.timespanMs,
                  condition: rule.condition,
                },
              }
            : {}),
        };
      }),
      load_errors: this.registry.errors.map((e) => ({ ...e, source: this.registry.displayPath(e.source) })),
    };
  }

  @Post(':id/state')
  @HttpCode(202)
  @ApiBody({ schema: bodySchema(RuleStateRequest) })
  @UsePipes(fieldValidationPipe())
  async setState(@Param('id') id: string, @Body() body: RuleStateRequest): Promise<RuleState> {
    const invalid = ruleIdProblem(id);
    if (invalid)
      throw new BadRequestException({
        statusCode: 400,
        message: [`id: ${invalid}`],
        fields: [{ path: 'id', messages: [invalid] }],
      });
    const record: RuleState = {
      schema_version: 1,
      rule_id: id,
      state: body.state,
      ...(body.confidence_max !== undefined ? { confidence_max: body.confidence_max } : {}),
      ...(body.expires_at !== undefined ? { expires_at: body.expires_at } : {}),
      reason: body.reason,
      set_by: body.set_by ?? 'api',
      // An operator action: its wall-clock time is what happened, not derived state.
      set_at: new Date().toISOString(),
      origin: 'operator',
    };
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: id, value: JSON.stringify(record) }],
    });
    return record;
  }

  @Delete(':id/state')
  @HttpCode(202)
  async clearState(@Param('id') id: string): Promise<{ rule_id: string; state: 'enabled' }> {
    // An id the contract refuses can only be a record written before ids were checked, which
    // every reader refuses: a tombstone is the way to remove it, so it is always allowed.
    if (!this.reader.states.get(id) && !this.registry.sourceOf(id) && ruleIdProblem(id) === null)
      throw new NotFoundException(`no rule or rule state '${id}'`);
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: id, value: null }] });
    return { rule_id: id, state: 'enabled' };
  }
}

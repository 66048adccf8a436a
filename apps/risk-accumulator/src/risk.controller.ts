/**
 * Read API over the entities this instance owns (bearer token): the open entities with their
 * window aggregates per policy — raw score, 0–100 entity score and level, severity, episode —
 * paged and filtered by minimum score; and one entity by type and value — answered by any
 * instance: an entity owned elsewhere is fetched from its owner.
 */
import { ApiTags } from '@nestjs/swagger';
import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Query,
  UseGuards,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { entityKey, toEventTime } from '@riskline/contracts';
import {
  RISK_PROCESSOR,
  windowScores,
  type EntityRisk,
  type RiskSettings,
  type RiskState,
  type WindowEntry,
} from '@riskline/risk';
import { BearerTokenGuard, KAFKA, PartitionRouter, StreamProcessorsHost } from '@riskline/service-host';
import { RISK_SETTINGS } from './risk.tokens';

/** A contribution in the window as the console draws it: when, how much, which rule and why. */
function contributionView(entry: WindowEntry) {
  return {
    contribution_id: entry.id,
    event_time: toEventTime(entry.ts),
    score: entry.score,
    rule_id: entry.rule,
    level: entry.level,
    tactics: entry.tactics,
    message: entry.detail?.m ?? null,
    factors: entry.detail?.f ?? [],
    threat_objects: entry.detail?.t ?? [],
    criticality: entry.detail?.c ?? null,
  };
}

function parsePaging(value: string | undefined, fallback: number, max: number): number {
  const n = value === undefined ? fallback : Number(value);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

@ApiTags('risk')
@Controller('api/v1/risk')
@UseGuards(BearerTokenGuard)
export class RiskController {
  private readonly router: PartitionRouter;

  constructor(
    @Inject(StreamProcessorsHost) private readonly host: StreamProcessorsHost,
    @Inject(RISK_SETTINGS) private readonly settings: RiskSettings,
    @Inject(KAFKA) kafka: Kafka,
  ) {
    this.router = new PartitionRouter(kafka, () => this.host.runner(RISK_PROCESSOR));
  }

  private view(entity: EntityRisk, withContributions = false) {
    const policies = this.settings.policies.map((policy, i) => {
      const w = entity.windows[i]!;
      // The window as the entity's own clock sees it (the accumulator judges it there too).
      const end = w.size > 0 ? entity.clockMs : null;
      const episode = w.episode;
      return {
        policy: policy.name,
        ...windowScores(this.settings, w),
        window_ms: policy.windowMs,
        score_threshold: policy.scoreThreshold,
        tactic_count_threshold: policy.tacticCountThreshold,
        tactic_count: w.tactics.size,
        tactics: [...w.tactics.keys()].sort(),
        source_count: w.sources.size,
        result_count: w.size,
        window_start: end === null ? null : toEventTime(end - policy.windowMs),
        window_end: end === null ? null : toEventTime(end),
        last_fired: w.lastFiredMs === null ? null : toEventTime(w.lastFiredMs),
        // The open (or last) episode: its incident id, start and published revisions.
        episode:
          episode === null
            ? null
            : {
                risk_incident_id: episode.id,
                start: toEventTime(episode.startMs),
                revision: episode.revision,
                above_threshold: episode.belowSinceMs === null,
              },
        judged_false_positive: w.judged?.incidentId ?? null,
        ...(withContributions ? { contributions: w.list().map(contributionView) } : {}),
      };
    });
    const top = policies.reduce((a, b) => (b.score > a.score ? b : a));
    return { entity_type: entity.type, entity_value: entity.value, ...top, policies };
  }

  private states(): RiskState[] {
    const runner = this.host.runner(RISK_PROCESSOR);
    return runner ? [...runner.ownedPartitions().values()].map((p) => p.state) : [];
  }

  @Get()
  list(
    @Query('min_score') minScore?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ) {
    const min = minScore === undefined ? 0 : Number(minScore);
    const entities = this.states()
      .flatMap((s) => s.entities.values())
      .map((e) => this.view(e))
      .filter((e) => e.score >= (Number.isFinite(min) ? min : 0))
      .sort((a, b) => b.score - a.score || (a.entity_value < b.entity_value ? -1 : 1));
    const from = parsePaging(offset, 0, Number.MAX_SAFE_INTEGER);
    const size = parsePaging(limit, 100, 1000);
    return { total: entities.length, offset: from, limit: size, entities: entities.slice(from, from + size) };
  }

  /** `?contributions=true` adds each policy's window contents (what the console's timeline draws). */
  @Get(':type/:value')
  async one(
    @Param('type') type: string,
    @Param('value') value: string,
    @Headers() headers: Record<string, string | undefined>,
    @Query('contributions') contributions?: string,
  ) {
    if (contributions !== undefined && contributions !== 'true' && contributions !== 'false')
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        fields: [{ path: 'contributions', messages: ['must be true or false'] }],
      });
    const withContributions = contributions === 'true';
    let key: string;
    try {
      key = entityKey(type, value);
    } catch (error) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        fields: [{ path: 'type', messages: [(error as Error).message] }],
      });
    }
    for (const state of this.states()) {
      const entity = state.entities.peek(key);
      if (entity) return this.view(entity, withContributions);
    }
    return this.router.forward(
      key,
      `/api/v1/risk/${encodeURIComponent(type)}/${encodeURIComponent(value)}${withContributions ? '?contributions=true' : ''}`,
      headers,
    );
  }
}

/**
 * GET /api/v1/attackers/:id/attribution (bearer token): an attacker's identity and the state of
 * each behavioural primitive — answered by any instance: an attacker owned elsewhere is fetched
 * from the owner of its partition.
 */
import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Headers, Inject, NotFoundException, Param, UseGuards } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { toEventTime } from '@riskline/contracts';
import { ATTRIBUTION_PROCESSOR, identityIdOf, type IdentityProfile } from '@riskline/attribution';
import { BearerTokenGuard, KAFKA, PartitionRouter, StreamProcessorsHost } from '@riskline/service-host';

function view(identity: IdentityProfile) {
  return {
    identity_id: identity.identityId,
    primitives: [...identity.primitives]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([primitive, p]) => ({
        primitive,
        kind: p.kind,
        current_value: p.currentValue,
        state: p.state,
        confidence: p.confidence,
        observation_count: p.count,
        last_change_ts: p.lastChangeTs === null ? null : toEventTime(p.lastChangeTs),
        last_observation_ts: toEventTime(p.lastObservationTs),
      })),
    multi_actor_suspected: identity.suspected,
  };
}

@ApiTags('attribution')
@Controller('api/v1/attackers')
@UseGuards(BearerTokenGuard)
export class AttributionController {
  private readonly router: PartitionRouter;

  constructor(
    @Inject(StreamProcessorsHost) private readonly host: StreamProcessorsHost,
    @Inject(KAFKA) kafka: Kafka,
  ) {
    this.router = new PartitionRouter(kafka, () => this.host.runner(ATTRIBUTION_PROCESSOR));
  }

  @Get(':id/attribution')
  async attribution(@Param('id') attackerId: string, @Headers() headers: Record<string, string | undefined>) {
    const runner = this.host.runner(ATTRIBUTION_PROCESSOR);
    for (const progress of runner?.ownedPartitions().values() ?? []) {
      const identity = progress.state.identities.get(attackerId);
      if (identity) return view(identity);
    }
    try {
      return await this.router.forward(
        attackerId,
        `/api/v1/attackers/${encodeURIComponent(attackerId)}/attribution`,
        headers,
      );
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      throw new NotFoundException({
        statusCode: 404,
        message: `no observations of attacker '${attackerId}' (identity ${identityIdOf(attackerId)})`,
      });
    }
  }
}

/**
 * The incident queue: GET lists episodes (newest revision each) filtered by entity type, entity,
 * policy and analyst state and sorted by severity, score or time; GET /stream is the live feed
 * (server-sent events, one `incident` event per record that changed the queue), fed from
 * soc.risk.incidents.
 */
import { ApiTags } from '@nestjs/swagger';
import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Sse,
  UseGuards,
  UsePipes,
  type MessageEvent,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { map, type Observable } from 'rxjs';
import { ENTITY_TYPE_PATTERN } from '@riskline/contracts';
import {
  INCIDENT_SORTS,
  INCIDENT_STATES,
  type IncidentRow,
  type IncidentSort,
  type IncidentState,
} from '@riskline/analyst-views';
import { fieldValidationPipe } from '@riskline/service-host';
import { ConsoleSessionGuard } from './console-session';
import { ConsoleViews } from './console-views';

export class IncidentListQuery {
  @IsOptional()
  @Matches(ENTITY_TYPE_PATTERN)
  entity_type?: string;

  @IsOptional()
  @IsString()
  @Length(1, 1024)
  entity?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  policy?: string;

  @IsOptional()
  @IsIn(INCIDENT_STATES)
  state?: IncidentState;

  @IsOptional()
  @IsIn(INCIDENT_SORTS)
  sort?: IncidentSort;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  // The decorator nearest the property runs first: the type check, so 'x' reads as not an integer.
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(5000)
  @IsInt()
  limit?: number;
}

/** A queue row as the browser reads it: the incident's own fields plus the analyst state. */
export function rowView(row: IncidentRow) {
  return { ...row.incident, records: row.records, state: row.state, verdict: row.verdict };
}

@ApiTags('incidents')
@Controller('api/v1/incidents')
@UseGuards(ConsoleSessionGuard)
export class IncidentsController {
  constructor(@Inject(ConsoleViews) private readonly views: ConsoleViews) {}

  @Get()
  @UsePipes(fieldValidationPipe())
  list(@Query() query: IncidentListQuery) {
    const rows = this.views.incidents.list(
      {
        ...(query.entity_type !== undefined ? { entityType: query.entity_type } : {}),
        ...(query.entity !== undefined ? { entity: query.entity } : {}),
        ...(query.policy !== undefined ? { policy: query.policy } : {}),
        ...(query.state !== undefined ? { state: query.state } : {}),
        sort: query.sort ?? 'severity',
        descending: (query.order ?? 'desc') === 'desc',
        limit: query.limit ?? 500,
      },
      this.views.verdicts,
    );
    return { held: this.views.incidents.size, incidents: rows.map(rowView) };
  }

  /** One `incident` event per queue change; the browser's EventSource reconnects by itself. */
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    return this.views.incidentFeed.pipe(
      map((incident) => {
        const verdict = this.views.verdicts.ofIncident(incident.risk_incident_id);
        return {
          type: 'incident',
          id: `${incident.risk_incident_id}/${incident.revision ?? 1}`,
          data: { ...incident, state: verdict?.verdict ?? 'untriaged', verdict },
        };
      }),
    );
  }

  @Get(':id')
  one(@Param('id') id: string) {
    const incident = this.views.incidents.get(id);
    if (!incident) throw new NotFoundException({ statusCode: 404, message: `no incident '${id}' held` });
    const verdict = this.views.verdicts.ofIncident(id);
    return { ...incident, state: verdict?.verdict ?? 'untriaged', verdict };
  }
}

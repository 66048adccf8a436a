/**
 * The shapes of the scenario's events, as SOC pipelines commonly ship them: flat Windows events
 * (Sysmon process creation, Security log) and honeypot command records with `source_kind`.
 */
export const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

export interface WindowsProcess {
  readonly host: string;
  readonly user: string;
  readonly image: string;
  readonly commandLine: string;
  readonly parentImage: string;
}

export function sysmonProcess(id: string, ms: number, p: WindowsProcess): Record<string, unknown> {
  return {
    event_id: id,
    '@timestamp': new Date(ms).toISOString(),
    EventID: 1,
    Channel: SYSMON,
    Computer: p.host,
    User: p.user,
    Image: p.image,
    CommandLine: p.commandLine,
    ParentImage: p.parentImage,
  };
}

export function securityEvent(
  id: string,
  ms: number,
  host: string,
  eventId: number,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return {
    event_id: id,
    '@timestamp': new Date(ms).toISOString(),
    EventID: eventId,
    Channel: 'Security',
    Computer: host,
    ...fields,
  };
}

export function honeypotCommand(
  id: string,
  ms: number,
  srcIp: string,
  session: string,
  command: string,
): Record<string, unknown> {
  return {
    event_id: id,
    '@timestamp': new Date(ms).toISOString(),
    source_kind: 'honeypot.command',
    sensor: 'hp-dmz-01',
    src_ip: srcIp,
    session,
    command,
  };
}

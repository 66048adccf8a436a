/**
 * The log source mapping Riskline uses when none is configured: Windows events as Sysmon and the
 * Security / System / PowerShell channels record them (evtx or flat field names), following the
 * Sigma taxonomy. Other sources declare `logsource` on the event or get a mapping file.
 */
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

const sysmonCategories: Record<string, number[]> = {
  process_creation: [1],
  file_change: [2],
  network_connection: [3],
  sysmon_status: [4, 16],
  process_termination: [5],
  driver_load: [6],
  image_load: [7],
  create_remote_thread: [8],
  raw_access_thread: [9],
  process_access: [10],
  file_event: [11],
  registry_event: [12, 13, 14],
  registry_add: [12],
  registry_delete: [12],
  registry_set: [13],
  registry_rename: [14],
  create_stream_hash: [15],
  pipe_created: [17, 18],
  wmi_event: [19, 20, 21],
  dns_query: [22],
  file_delete: [23, 26],
  clipboard_change: [24],
  process_tampering: [25],
  file_block_executable: [27],
  file_block_shredding: [28],
  file_executable_detected: [29],
  sysmon_error: [255],
};

const registryEventTypes: Record<string, string[]> = {
  registry_add: ['CreateKey'],
  registry_delete: ['DeleteKey', 'DeleteValue'],
};

const services: Record<string, string[]> = {
  security: ['Security'],
  system: ['System'],
  application: ['Application'],
  sysmon: [SYSMON],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'dns-server': ['DNS Server'],
};

function yamlList(values: readonly (string | number)[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function entries(): string[] {
  const out: string[] = [];
  for (const [category, ids] of Object.entries(sysmonCategories)) {
    const types = registryEventTypes[category];
    out.push(
      `  - name: sysmon-${category}`,
      `    category: ${category}`,
      `    product: windows`,
      `    conditions:`,
      `      EventID: ${yamlList(ids)}`,
      `      Channel: ${yamlList([SYSMON])}`,
      ...(types ? [`      EventType: ${yamlList(types)}`] : []),
    );
  }
  out.push(
    '  - name: security-process-creation',
    '    category: process_creation',
    '    product: windows',
    '    conditions:',
    '      EventID: [4688]',
    '      Channel: ["Security"]',
    '    fieldmappings:',
    '      Image: NewProcessName',
    '      ParentImage: ParentProcessName',
  );
  for (const [service, channels] of Object.entries(services)) {
    out.push(
      `  - name: windows-${service}`,
      `    product: windows`,
      `    service: ${service}`,
      `    conditions:`,
      `      Channel: ${yamlList(channels)}`,
    );
  }
  return out;
}

export const DEFAULT_MAPPING_YAML = `# Riskline default log source mapping (generated in code; see default-mapping.ts)\nlogsources:\n${entries().join('\n')}\n`;

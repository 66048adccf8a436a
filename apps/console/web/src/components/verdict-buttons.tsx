/**
 * The three verdicts an analyst gives an incident or a detection. Posting is the caller's; the
 * buttons show which verdict stands and disable themselves while one is being sent.
 */
import { useState } from 'react';
import { ApiError, post } from '../api';
import type { Verdict } from '../model/types';

const VERDICTS: readonly { verdict: Verdict; text: string }[] = [
  { verdict: 'true_positive', text: 'True positive' },
  { verdict: 'false_positive', text: 'False positive' },
  { verdict: 'benign_true_positive', text: 'Benign true positive' },
];

export interface VerdictButtonsProps {
  readonly subject: { scope: 'incident'; incident_id: string } | { scope: 'detection'; detection_id: string };
  readonly current: Verdict | null;
  readonly name: string;
  readonly onJudged: (verdict: Verdict) => void;
}

export function VerdictButtons({ subject, current, name, onJudged }: VerdictButtonsProps) {
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const judge = async (verdict: Verdict) => {
    setSending(true);
    setProblem(null);
    try {
      await post('/api/v1/verdicts', { ...subject, verdict });
      onJudged(verdict);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="verdicts" role="group" aria-label={`verdict on ${name}`}>
      {VERDICTS.map((v) => (
        <button
          key={v.verdict}
          type="button"
          className={`verdict verdict-${v.verdict}`}
          aria-pressed={current === v.verdict}
          disabled={sending}
          onClick={() => void judge(v.verdict)}
        >
          {v.text}
        </button>
      ))}
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
    </div>
  );
}

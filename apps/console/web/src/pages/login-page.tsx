/** Log in with the API token; the console answers with an httpOnly session cookie. */
import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api';

export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setProblem(null);
    try {
      await post('/api/v1/session', { token });
      setToken('');
      onLoggedIn();
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 401
          ? 'That token is not the API token of this deployment.'
          : error instanceof ApiError
            ? error.message
            : String(error),
      );
    } finally {
      setSending(false);
    }
  };
  return (
    <main className="login">
      <h1>Riskline console</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby="login-help">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={problem !== null}
        />
        <p id="login-help" className="muted">
          The RISKLINE_API_TOKEN that <code>npm start</code> prints. It is kept in an httpOnly cookie for 12
          hours.
        </p>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={sending}>
          Log in
        </button>
      </form>
    </main>
  );
}

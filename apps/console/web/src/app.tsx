/** The console's shell: the session check, navigation and the pages' routes. */
import { useCallback, useEffect, useState } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { del, get, whenUnauthorized } from './api';
import { AttackPage } from './pages/attack-page';
import { EntityPage } from './pages/entity-page';
import { IncidentQueuePage } from './pages/incident-queue-page';
import { LoginPage } from './pages/login-page';
import { RulesPage } from './pages/rules-page';

type Session = 'checking' | 'in' | 'out';

export function App() {
  const [session, setSession] = useState<Session>('checking');
  useEffect(() => {
    whenUnauthorized(() => setSession('out'));
    get('/api/v1/session').then(
      () => setSession('in'),
      () => setSession('out'),
    );
  }, []);
  const logout = useCallback(async () => {
    await del('/api/v1/session').catch(() => undefined);
    setSession('out');
  }, []);
  if (session === 'checking') return <p aria-busy="true">Loading…</p>;
  if (session === 'out') return <LoginPage onLoggedIn={() => setSession('in')} />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Riskline</span>
        <nav aria-label="main">
          <NavLink to="/" end>
            Incidents
          </NavLink>
          <NavLink to="/rules">Rules</NavLink>
          <NavLink to="/attack">ATT&CK</NavLink>
        </nav>
        <button type="button" className="logout" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<IncidentQueuePage />} />
          <Route path="/entities/:type/:value" element={<EntityPage />} />
          <Route path="/rules" element={<RulesPage />} />
          <Route path="/attack" element={<AttackPage />} />
          <Route path="*" element={<p>No such page.</p>} />
        </Routes>
      </main>
    </>
  );
}

// The organisation's own settings: its console password and its API tokens; for the operator, an
// organisation's status with suspension and reinstatement.
import { useEffect, useState } from 'preact/hooks';
import { api, hasRole, session } from '../api.js';
import { t, term } from '../i18n.js';

export function Settings() {
  const me = session.get();
  const [tokens, setTokens] = useState([]);
  const [message, setMessage] = useState(null);
  useEffect(() => {
    api('GET', '/v1/tokens').then((r) => setTokens(r.items), () => {});
  }, []);
  async function setPassword(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    if (f.get('password') !== f.get('again')) {
      setMessage({ ok: false, text: t('passwordsDiffer') });
      return;
    }
    try {
      await api('PUT', `/v1/organizations/${me.organization_id}/password`, { password: f.get('password') });
      setMessage({ ok: true, text: t('passwordSet') });
      form.reset();
    } catch (err) {
      setMessage({ ok: false, text: err.message });
    }
  }
  if (!me) return null;
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings')}</h1>
      <p>{t('signedInAs')} <strong>{me.organization_name}</strong> ({me.organization_id}) · {me.roles.map(term).join(', ')}</p>
      <form class="stack panel narrow" name="password" onSubmit={setPassword}>
        <h2>{t('consolePassword')}</h2>
        <p>{t('passwordHelp')}</p>
        <label>{t('newPassword')}<input name="password" type="password" autocomplete="new-password" minLength={12} required /></label>
        <label>{t('again')}<input name="again" type="password" autocomplete="new-password" required /></label>
        <button type="submit">{t('save')}</button>
        {message && <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'}>{message.text}</p>}
      </form>
      <h2>{t('tokens')}</h2>
      <table class="list">
        <thead><tr><th scope="col">ID</th><th scope="col">{t('title')}</th><th scope="col">{t('issued')}</th><th scope="col">{t('status')}</th></tr></thead>
        <tbody>{tokens.map((k) => <tr key={k.id}><td>{k.id}</td><td>{k.name}</td><td>{k.created_at}</td><td>{k.revoked_at ? t('revoked') : '✓'}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

export function Participant() {
  const [id, setId] = useState('');
  const [org, setOrg] = useState(null);
  const [message, setMessage] = useState(null);
  async function find(e) {
    e?.preventDefault();
    setMessage(null);
    try {
      setOrg(await api('GET', `/v1/organizations/${encodeURIComponent(id.trim())}`));
    } catch (err) {
      setOrg(null);
      setMessage(err.message);
    }
  }
  async function decide(action) {
    try {
      await api('POST', `/v1/organizations/${org.id}/decisions`, { action, reason: `${action} by the operator` });
      await find();
    } catch (err) {
      setMessage(err.message);
    }
  }
  return (
    <section aria-labelledby="participant-title">
      <h1 id="participant-title">{t('participantsTitle')}</h1>
      <form class="inline" onSubmit={find}>
        <label>{t('organizationId')}<input name="org" value={id} onInput={(e) => setId(e.currentTarget.value)} required /></label>
        <button type="submit">{t('show')}</button>
      </form>
      {message && <p role="alert" class="error">{message}</p>}
      {org && (
        <div class="panel">
          <h2>{org.name}</h2>
          <p>{org.uscc} · {(org.roles ?? []).map(term).join(', ')}</p>
          <p>{t('status')}: <strong data-org-status>{org.status}</strong></p>
          {hasRole('operator') && (
            <p>
              {org.status === 'approved' && <button type="button" onClick={() => decide('suspend')}>{t('suspend')}</button>}
              {org.status === 'suspended' && <button type="button" onClick={() => decide('reinstate')}>{t('reinstate')}</button>}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

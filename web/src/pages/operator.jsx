// The operator's admission queue (and, read-only, the regulator's view of it), and the
// cross-border register with each decision's row of the table.
import { useEffect, useState } from 'preact/hooks';
import { api, hasRole } from '../api.js';
import { formatNumber, t, term } from '../i18n.js';

export function AdmissionQueue() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState(null);
  const canWrite = hasRole('operator');
  function load() {
    api('GET', '/v1/organizations?status=under_review&limit=200')
        .then((r) => setItems(r.items), setError);
  }
  useEffect(load, []);
  async function decide(org, action) {
    setMessage(null);
    try {
      await api('POST', `/v1/organizations/${org.id}/decisions`,
                action === 'approve' ? { action } : { action, reason: 'declined by the operator' });
      setMessage(`${org.id}: ${action}`);
      load();
    } catch (err) {
      setMessage(`${org.id}: ${err.message}`);
    }
  }
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!items) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('admissionQueue')}</h1>
      {!canWrite && <p class="note" data-read-only>{t('readOnly')}</p>}
      {message && <p role="status">{message}</p>}
      {items.length === 0 && <p>{t('none')}</p>}
      <table class="list">
        <thead><tr><th scope="col">ID</th><th scope="col">{t('organization')}</th><th scope="col">roles</th><th scope="col"></th></tr></thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id} data-org={o.id}>
              <td>{o.id}</td><td>{o.name}</td>
              <td>{(o.roles ?? []).map(term).join(', ')}</td>
              <td>
                {canWrite && (
                  <>
                    <button type="button" onClick={() => decide(o, 'approve')}>{t('approve')}</button>{' '}
                    <button type="button" onClick={() => decide(o, 'reject')}>{t('reject')}</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CrossBorder() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('GET', '/v1/cross-border?limit=100').then((r) => setItems(r.items ?? r.cases ?? []), setError);
  }, []);
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!items) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <section aria-labelledby="xb-title">
      <h1 id="xb-title">{t('crossBorder')}</h1>
      <p>{formatNumber(items.length)} {t('results')}</p>
      <table class="list">
        <thead><tr><th scope="col">contract</th><th scope="col">{t('exporter')}</th><th scope="col">{t('destination')}</th><th scope="col">{t('row')}</th><th scope="col">{t('route')}</th></tr></thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.contract_id}><td>{c.contract_id}</td><td>{c.exporter_id ?? c.exporter}</td><td>{c.destination}</td><td data-row>{c.row}</td><td>{c.route}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

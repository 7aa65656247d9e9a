// The signed-in organisation's certificates, each verified in the browser on demand.
import { useEffect, useState } from 'preact/hooks';
import { api, session } from '../api.js';
import { t } from '../i18n.js';
import { verifyCertificate } from '../verify.js';

function Verify({ cert }) {
  const [state, setState] = useState(null);
  async function run() {
    setState({ busy: true });
    try {
      const r = await verifyCertificate(cert.jwt);
      setState({ ok: !r.revoked, text: r.revoked ? t('revoked') : t('verified') });
    } catch (err) {
      setState({ ok: false, text: `${t('invalid')}: ${err.message}` });
    }
  }
  return (
    <>
      <button type="button" onClick={run} disabled={state?.busy}>{t('verify')}</button>
      {state && !state.busy && (
        <span role="status" class={state.ok ? 'ok' : 'error'} data-verdict={state.ok ? 'valid' : 'invalid'}>
          {state.ok ? '✓ ' : '✗ '}{state.text}
        </span>
      )}
    </>
  );
}

export function Certificates() {
  const me = session.get();
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!me) return;
    api('GET', `/v1/organizations/${me.organization_id}/certificates`)
        .then((r) => setItems(r.items), setError);
  }, [me?.organization_id]);
  if (!me) return <p>{t('signIn')}</p>;
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!items) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <section aria-labelledby="certs-title">
      <h1 id="certs-title">{t('certificates')}</h1>
      {items.length === 0 && <p>{t('noCertificates')}</p>}
      <table class="list">
        <thead><tr><th scope="col">ID</th><th scope="col">{t('type')}</th><th scope="col">{t('status')}</th><th scope="col">{t('issued')}</th><th scope="col"></th></tr></thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-certificate={c.id}>
              <td>{c.id}</td><td>{c.type}</td><td>{c.status}</td><td>{c.issued_at}</td>
              <td><Verify cert={c} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// Buying: the transaction declaration and an instant purchase at the list price (the payment moves
// into escrow as the contract is signed), the buyer's contracts, and a contract's page with its
// agreement (the exchange's signature checked in the browser), the download and the acceptance.
import { useEffect, useState } from 'preact/hooks';
import { api, session } from '../api.js';
import { formatMoney, t } from '../i18n.js';
import { navigate } from '../router.js';
import { verifyJws } from '../verify.js';

export function BuyForm({ product }) {
  const d = product.description ?? {};
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const propose = e.submitter?.name === 'propose';
    setBusy(true);
    setError(null);
    try {
      const declaration = {
        purpose: f.get('purpose'), scenario: f.get('scenario'),
        manner_of_use: f.get('manner_of_use'), region: f.get('region'),
        duration_days: Number(f.get('duration_days')),
      };
      if (propose) {
        const price = d.price ?? {};
        const n = await api('POST', '/v1/negotiations', {
          product_id: product.id, declaration,
          terms: { model: price.model, currency: price.currency ?? 'CNY',
                   amount: Math.round(Number(f.get('proposed')) * 100), quantity: 1 },
        });
        navigate(`/negotiations/${n.id}`);
        return;
      }
      const n = await api('POST', '/v1/negotiations', { product_id: product.id, instant: true, declaration });
      navigate(`/contracts/${n.contract_id}`);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  }
  return (
    <form class="stack buy" onSubmit={submit} aria-labelledby="buy-title">
      <h2 id="buy-title">{t('declaration')}</h2>
      <p>{t('declarationHelp')}</p>
      <label>{t('purpose')}<input name="purpose" required maxLength={200} /></label>
      <label>{t('scenario')}
        <select name="scenario" required>
          {(d.scenarios ?? []).map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>{t('mannerOfUse')}
        <select name="manner_of_use">
          <option value="internal">{t('internalUse')}</option>
          <option value="model_training">{t('modelTraining')}</option>
        </select>
      </label>
      <label>{t('region')}<input name="region" required value="CN-44" maxLength={16} /></label>
      <label>{t('durationDays')}<input name="duration_days" type="number" min="1" max="3660" value="365" /></label>
      <button type="submit" name="buy" disabled={busy}>
        {t('buyAtListPrice')} {d.price ? formatMoney(d.price.amount, d.price.currency) : ''}
      </button>
      <label>{t('proposedPrice')}<input name="proposed" type="number" min="0" step="0.01" /></label>
      <button type="submit" name="propose" disabled={busy}>{t('propose')}</button>
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}

export function Contracts() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('GET', '/v1/contracts?limit=100').then((r) => setItems(r.items), setError);
  }, []);
  if (!session.get()) return <p><a href="#/sign-in">{t('signIn')}</a></p>;
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!items) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <section aria-labelledby="contracts-title">
      <h1 id="contracts-title">{t('contracts')}</h1>
      <table class="list">
        <thead><tr><th scope="col">ID</th><th scope="col">{t('amount')}</th><th scope="col">{t('status')}</th><th scope="col">{t('tradeStatus')}</th></tr></thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td><a href={`#/contracts/${c.id}`}>{c.id}</a></td>
              <td>{formatMoney(c.total.amount, c.total.currency)}</td>
              <td>{c.status}</td><td>{c.trade_status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Contract({ id }) {
  const [c, setC] = useState(null);
  const [text, setText] = useState('');
  const [signature, setSignature] = useState(null);
  const [message, setMessage] = useState(null);
  const [error, setError] = useState(null);
  function load() {
    api('GET', `/v1/contracts/${id}`).then(setC, setError);
  }
  useEffect(() => {
    load();
    api('GET', `/v1/contracts/${id}/agreement`, undefined, 'text/plain').then(setText, () => {});
  }, [id]);
  async function checkSignature() {
    try {
      const [jws, jwks] = await Promise.all([
        api('GET', `/v1/contracts/${id}/agreement`, undefined, 'application/jose'),
        fetch('/.well-known/jwks.json').then((r) => r.json()),
      ]);
      const agreement = await verifyJws(jws.trim(), jwks);
      setSignature({ ok: agreement.uid?.endsWith(`/v1/contracts/${id}`) });
    } catch (err) {
      setSignature({ ok: false, error: err.message });
    }
  }
  async function act(action) {
    setMessage(null);
    try {
      await api('POST', `/v1/contracts/${id}/actions`, { action, reason: action === 'dispute' ? 'disputed in the console' : undefined });
      setMessage(t(action === 'accept' ? 'accepted' : 'disputed'));
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!c) return <p aria-busy="true">{t('loading')}</p>;
  const buyer = session.get()?.organization_id === c.buyer_id;
  return (
    <article aria-labelledby="contract-title">
      <h1 id="contract-title">{t('contract')} {c.id}</h1>
      <dl class="facts">
        <div><dt>{t('amount')}</dt><dd>{formatMoney(c.total.amount, c.total.currency)}</dd></div>
        <div><dt>{t('status')}</dt><dd data-contract-status>{c.status}</dd></div>
        <div><dt>{t('tradeStatus')}</dt><dd data-trade-status>{c.trade_status}</dd></div>
        <div><dt>{t('escrow')}</dt><dd data-escrowed>{c.escrowed ? formatMoney(c.escrowed.amount, c.escrowed.currency) : '—'}</dd></div>
        <div><dt>{t('downloads')}</dt><dd>{c.downloads}</dd></div>
        <div><dt>{t('logIndex')}</dt><dd><a href={`#/log?index=${c.log_index}`}>{c.log_index}</a></dd></div>
      </dl>
      <p>
        <button type="button" onClick={checkSignature}>{t('verifyAgreement')}</button>{' '}
        {signature && (
          <span role="status" class={signature.ok ? 'ok' : 'error'} data-agreement={signature.ok ? 'valid' : 'invalid'}>
            {signature.ok ? `✓ ${t('agreementSigned')}` : `✗ ${t('invalid')} ${signature.error ?? ''}`}
          </span>
        )}
      </p>
      {buyer && c.status === 'active' && (
        <p class="actions">
          <a class="button" href={`/v1/contracts/${c.id}/data`} download data-download>{t('download')}</a>{' '}
          {c.trade_status === 'delivered' && (
            <>
              <button type="button" onClick={() => act('accept')}>{t('acceptDelivery')}</button>{' '}
              <button type="button" onClick={() => act('dispute')}>{t('dispute')}</button>
            </>
          )}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <h2>{t('agreement')}</h2>
      <pre class="agreement" tabIndex={0} aria-label={t('agreement')}>{text}</pre>
    </article>
  );
}

// A negotiation as in the Dataspace Protocol: requested, offered, accepted, agreed, verified,
// finalized (a contract) or terminated. Each side sees its own moves; the server decides which
// are legal in the current state and says why when one is not.
const BUYER_MOVES = ['request', 'accept', 'verify', 'terminate'];
const SELLER_MOVES = ['offer', 'agree', 'finalize', 'terminate'];

export function Negotiation({ id }) {
  const [n, setN] = useState(null);
  const [message, setMessage] = useState(null);
  useEffect(() => {
    api('GET', `/v1/negotiations/${id}`).then(setN, (e) => setMessage(e.message));
  }, [id]);
  async function move(action) {
    setMessage(null);
    const amount = document.querySelector('input[name="counter"]')?.value;
    const body = { action };
    if (action === 'request' || action === 'offer') {
      body.terms = { ...n.terms, amount: Math.round(Number(amount) * 100) };
      delete body.terms.total;
    }
    try {
      const next = await api('POST', `/v1/negotiations/${id}/actions`, body);
      setN(next);
      if (next.contract_id) navigate(`/contracts/${next.contract_id}`);
    } catch (err) {
      setMessage(err.message);
    }
  }
  if (!n) return <p aria-busy="true">{message ?? t('loading')}</p>;
  const me = session.get()?.organization_id;
  const moves = me === n.buyer_id ? BUYER_MOVES : me === n.seller_id ? SELLER_MOVES : [];
  const open = n.state !== 'finalized' && n.state !== 'terminated';
  return (
    <article aria-labelledby="neg-title">
      <h1 id="neg-title">{t('negotiation')} {n.id}</h1>
      <p>{t('status')}: <strong data-state>{n.state}</strong> · {t('amount')}: <span data-amount>{formatMoney(n.terms.amount, n.terms.currency)}</span></p>
      <ol class="rounds">
        {(n.rounds ?? []).map((r, i) => (
          <li key={i}>{r.at} · <strong>{r.action}</strong> · {r.by}{r.terms ? ` · ${formatMoney(r.terms.amount, r.terms.currency)}` : ''}{r.message ? ` · ${r.message}` : ''}</li>
        ))}
      </ol>
      {open && moves.length > 0 && (
        <div class="actions">
          <label>{t('counterPrice')}<input name="counter" type="number" min="0" step="0.01" /></label>{' '}
          {moves.map((m) => <button key={m} type="button" data-move={m} onClick={() => move(m)}>{t(`move_${m}`)}</button>)}
        </div>
      )}
      {message && <p role="alert" class="error">{message}</p>}
    </article>
  );
}

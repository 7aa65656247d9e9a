// The market as the operator and the regulator watch it (a dashboard over time), the operator's
// disputes and money desk, every participant's balances, the demand board and notifications,
// and applying for admission.
import { useEffect, useState } from 'preact/hooks';
import { BarChart, ColumnChart } from '../charts.jsx';
import { api, hasRole, session, signIn } from '../api.js';
import { formatMoney, formatNumber, t, term } from '../i18n.js';
import { navigate } from '../router.js';

// Every page of a cursor-paged list (bounded, for the console's overviews).
async function all(path, max = 2000) {
  const items = [];
  let cursor = '';
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor ?? '';
  } while (cursor && items.length < max);
  return items;
}

export function Dashboard() {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    Promise.all([api('GET', '/v1/stats'), all('/v1/organizations')])
        .then(([stats, orgs]) => setData({ stats, orgs }), setError);
  }, []);
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!data) return <p aria-busy="true">{t('loading')}</p>;
  const { stats, orgs } = data;
  const byMonth = (xs, key) => {
    const m = new Map();
    for (const x of xs) m.set(x[key], (m.get(x[key]) ?? 0) + (x.count ?? 1));
    return [...m.entries()].sort();
  };
  const joined = byMonth(orgs.map((o) => ({ month: (o.created_at ?? '').slice(0, 7) })), 'month');
  const currency = Object.keys(stats.trades?.value ?? {})[0] ?? 'CNY';
  const value = new Map();
  for (const g of stats.trades?.by_month ?? []) {
    if (g.currency === currency) value.set(g.month, (value.get(g.month) ?? 0) + g.value);
  }
  const named = (o) => Object.entries(o ?? {}).map(([k, v]) => [term(k), v]);
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t('dashboard')}</h1>
      <dl class="figures">
        <div><dt>{t('trades')}</dt><dd>{formatNumber(stats.trades?.count ?? 0)}</dd></div>
        <div><dt>{t('crossBorderTrades')}</dt><dd>{formatNumber(stats.trades?.cross_border ?? 0)}</dd></div>
        <div><dt>{t('disputes')}</dt><dd>{formatNumber(stats.trades?.disputed ?? 0)}</dd></div>
        <div><dt>{t('participants')}</dt><dd>{formatNumber(stats.organizations?.total ?? 0)}</dd></div>
      </dl>
      <div class="charts">
        <ColumnChart id="dash-trades" title={t('tradesByMonth')} rows={byMonth(stats.trades?.by_month ?? [], 'month')} format={formatNumber} />
        <ColumnChart id="dash-value" title={`${t('valueByMonth')} (${currency})`} rows={[...value.entries()].sort()} format={(v) => formatMoney(v, currency)} />
        <ColumnChart id="dash-joined" title={t('newParticipants')} rows={joined} format={formatNumber} />
        <BarChart id="dash-status" title={t('byStatus')} rows={named(stats.organizations?.by_status)} format={formatNumber} />
        <BarChart id="dash-sector" title={t('productsBySector')} rows={named(stats.products?.by_sector)} format={formatNumber} />
        <BarChart id="dash-source" title={t('productsBySource')} rows={named(stats.products?.by_source_type)} format={formatNumber} />
      </div>
    </section>
  );
}

export function Disputes() {
  const [items, setItems] = useState(null);
  const [message, setMessage] = useState(null);
  function load() {
    all('/v1/contracts').then((cs) => setItems(cs.filter((c) => c.trade_status === 'disputed')),
                              (e) => setMessage(e.message));
  }
  useEffect(load, []);
  async function resolve(c, action) {
    try {
      await api('POST', `/v1/contracts/${c.id}/actions`, { action, reason: `resolved by the operator: ${action}` });
      setMessage(`${c.id}: ${action}`);
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  const canWrite = hasRole('operator');
  return (
    <section aria-labelledby="disputes-title">
      <h1 id="disputes-title">{t('disputes')}</h1>
      {message && <p role="status">{message}</p>}
      {!items ? <p aria-busy="true">{t('loading')}</p> : items.length === 0 ? <p>{t('none')}</p> : (
        <table class="list">
          <thead><tr><th scope="col">ID</th><th scope="col">{t('amount')}</th><th scope="col">{t('seller')}</th><th scope="col"></th></tr></thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-dispute={c.id}>
                <td><a href={`#/contracts/${c.id}`}>{c.id}</a></td>
                <td>{formatMoney(c.total.amount, c.total.currency)}</td><td>{c.seller_id}</td>
                <td>{canWrite && (<>
                  <button type="button" onClick={() => resolve(c, 'resolve_release')}>{t('releaseToSeller')}</button>{' '}
                  <button type="button" onClick={() => resolve(c, 'resolve_refund')}>{t('refundBuyer')}</button>
                </>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Balances({ org }) {
  const [items, setItems] = useState(null);
  useEffect(() => {
    setItems(null);
    if (org) api('GET', `/v1/organizations/${org}/accounts`).then((r) => setItems(r.items), () => setItems([]));
  }, [org]);
  if (!org || !items) return null;
  return (
    <table class="list" data-balances={org}>
      <thead><tr><th scope="col">{t('account')}</th><th scope="col">{t('balance')}</th></tr></thead>
      <tbody>
        {items.map((b) => <tr key={b.account}><td>{b.account}</td><td data-balance={b.kind}>{formatMoney(b.balance, b.currency)}</td></tr>)}
      </tbody>
    </table>
  );
}

export function Money() {
  const me = session.get();
  const operator = hasRole('operator');
  const [org, setOrg] = useState(operator ? '' : me?.organization_id);
  const [message, setMessage] = useState(null);
  async function move(e, kind) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('POST', `/v1/${kind}`, {
        organization_id: f.get('organization_id'),
        amount: Math.round(Number(f.get('amount')) * 100),
        currency: f.get('currency'), bank_reference: f.get('bank_reference'),
      }, 'application/json', { 'Idempotency-Key': crypto.randomUUID() });
      setMessage(`${kind}: ${f.get('organization_id')} ${f.get('amount')} ${f.get('currency')}`);
      setOrg('');
      setOrg(f.get('organization_id'));
    } catch (err) {
      setMessage(err.message);
    }
  }
  const form = (kind, label) => (
    <form class="stack panel" name={kind} onSubmit={(e) => move(e, kind)}>
      <h2>{label}</h2>
      <label>{t('organizationId')}<input name="organization_id" required onChange={(e) => setOrg(e.currentTarget.value)} /></label>
      <label>{t('amountYuan')}<input name="amount" type="number" min="0.01" step="0.01" required /></label>
      <label>{t('currency')}<input name="currency" value="CNY" maxLength={3} required /></label>
      <label>{t('bankReference')}<input name="bank_reference" required /></label>
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <section aria-labelledby="money-title">
      <h1 id="money-title">{t('money')}</h1>
      {message && <p role="status">{message}</p>}
      {operator && <div class="review">{form('deposits', t('deposit'))}{form('withdrawals', t('withdraw'))}</div>}
      <Balances org={org} />
    </section>
  );
}

export function Board() {
  if (!session.get()) return <p><a href="#/sign-in">{t('signIn')}</a> · {t('boardNeedsSignIn')}</p>;
  return <BoardList />;
}

function BoardList() {
  const [items, setItems] = useState(null);
  const [message, setMessage] = useState(null);
  function load() {
    api('GET', '/v1/demands?limit=100').then((r) => setItems(r.items), (e) => setMessage(e.message));
  }
  useEffect(load, []);
  async function post(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('POST', '/v1/demands', {
        title: f.get('title'), description: f.get('description'), purpose: f.get('purpose'),
        scenario: f.get('scenario'), region: f.get('region'),
        budget: Math.round(Number(f.get('budget')) * 100), currency: 'CNY',
        deadline: new Date(f.get('deadline')).toISOString().replace(/\.\d+Z$/, 'Z'),
      });
      setMessage(t('demandPosted'));
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title">{t('board')}</h1>
      {message && <p role="status">{message}</p>}
      {items && (
        <ul class="cards">
          {items.map((d) => (
            <li class="card" key={d.id} data-demand={d.id}>
              <h2><a href={`#/demands/${d.id}`}>{d.title}</a></h2>
              <p class="meta">{term(d.sector ?? '')} · {d.region} · {d.status}</p>
              <p>{d.description}</p>
              <p class="price">{d.budget ? formatMoney(d.budget, d.currency ?? 'CNY') : ''} · {t('deadline')} {d.deadline?.slice(0, 10)}</p>
            </li>
          ))}
        </ul>
      )}
      {hasRole('buyer') && (
        <details class="panel">
          <summary>{t('postDemand')}</summary>
          <form class="stack" name="demand" onSubmit={post}>
            <label>{t('title')}<input name="title" required /></label>
            <label>{t('description')}<input name="description" required /></label>
            <label>{t('purpose')}<input name="purpose" required /></label>
            <label>{t('scenario')}<input name="scenario" required /></label>
            <label>{t('region')}<input name="region" value="CN-44" required /></label>
            <label>{t('budgetYuan')}<input name="budget" type="number" min="1" required /></label>
            <label>{t('deadline')}<input name="deadline" type="date" required /></label>
            <button type="submit">{t('postDemand')}</button>
          </form>
        </details>
      )}
    </section>
  );
}

export function Notifications() {
  const [items, setItems] = useState(null);
  useEffect(() => {
    api('GET', '/v1/notifications?limit=100').then((r) => setItems(r.items), () => setItems([]));
  }, []);
  if (!items) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <section aria-labelledby="notes-title">
      <h1 id="notes-title">{t('notifications')}</h1>
      {items.length === 0 && <p>{t('none')}</p>}
      <ul class="notes">
        {items.map((n) => <li key={n.seq ?? n.id}><span class="meta">{n.created_at} · {n.kind}</span><br />{n.text}</li>)}
      </ul>
    </section>
  );
}

export function Apply() {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  async function submit(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    try {
      const r = await api('POST', '/v1/organizations', {
        name: f.get('name'), uscc: f.get('uscc'), legal_form: 'enterprise_legal_person',
        roles: [f.get('role')], contact: { name: f.get('contact_name'), email: f.get('contact_email') },
      });
      setResult(r);
      await signIn({ token: r.token });
    } catch (err) {
      setError(err);
    }
  }
  if (result) {
    return (
      <section class="narrow" aria-labelledby="applied-title">
        <h1 id="applied-title">{t('applied')}</h1>
        <p>{t('status')}: <strong data-status>{result.status}</strong></p>
        <p>{t('keepToken')}</p>
        <pre class="mono" data-token>{result.token}</pre>
        <button type="button" onClick={() => navigate('/')}>{t('home')}</button>
      </section>
    );
  }
  return (
    <section class="narrow" aria-labelledby="apply-title">
      <h1 id="apply-title">{t('apply')}</h1>
      <form class="stack" name="apply" onSubmit={submit}>
        <label>{t('orgName')}<input name="name" required /></label>
        <label>USCC<input name="uscc" required maxLength={18} /></label>
        <label>{t('role')}
          <select name="role">
            {['buyer', 'seller', 'data_merchant', 'service_provider'].map((r) => <option key={r} value={r}>{term(r)}</option>)}
          </select>
        </label>
        <label>{t('contactName')}<input name="contact_name" required /></label>
        <label>{t('contactEmail')}<input name="contact_email" type="email" required /></label>
        <button type="submit">{t('apply')}</button>
        {error && <p role="alert" class="error">{error.message}{error.problem?.field ? ` (${error.problem.field})` : ''}</p>}
      </form>
    </section>
  );
}

// One demand: the products the exchange matched to it (ranked), the merchants' offers, a form for
// sellers to offer one of their products, and, for the buyer who posted it, accepting an offer
// (which opens a negotiation on the offered terms).
export function Demand({ id }) {
  const [d, setD] = useState(null);
  const [message, setMessage] = useState(null);
  function load() {
    api('GET', `/v1/demands/${id}`).then(setD, (e) => setMessage(e.message));
  }
  useEffect(load, [id]);
  async function offer(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      // The offer is on the product's own price model.
      const product = await api('GET', `/v1/products/${encodeURIComponent(f.get('product_id'))}`);
      const price = product.description?.price ?? {};
      await api('POST', `/v1/demands/${id}/offers`, {
        product_id: product.id, message: f.get('message'),
        terms: { model: price.model, currency: price.currency ?? 'CNY', quantity: 1,
                 amount: Math.round(Number(f.get('amount')) * 100) },
      });
      setMessage(t('offerSent'));
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  async function accept(o) {
    try {
      const n = await api('POST', `/v1/offers/${o.id}/accept`, { manner_of_use: 'internal' });
      navigate(`/negotiations/${n.id}`);
    } catch (err) {
      setMessage(err.message);
    }
  }
  if (!d) return <p aria-busy="true">{message ?? t('loading')}</p>;
  const mine = session.get()?.organization_id === d.buyer_id;
  return (
    <article aria-labelledby="demand-title">
      <h1 id="demand-title">{d.title}</h1>
      <p class="meta">{d.status} · {d.region} · {d.scenario} · {d.budget ? formatMoney(d.budget, d.currency ?? 'CNY') : ''}</p>
      <p>{d.description}</p>
      {message && <p role="status">{message}</p>}
      <h2>{t('matches')}</h2>
      <ol>
        {(d.matches ?? []).map((m) => (
          <li key={m.product_id} data-match={m.product_id}>
            <a href={`#/products/${m.product_id}`}>{m.title}</a> · {formatMoney(m.price, m.currency)} · {t('score')} {m.score}
          </li>
        ))}
      </ol>
      <h2>{t('offers')}</h2>
      {(d.offers ?? []).length === 0 && <p>{t('none')}</p>}
      <ul>
        {(d.offers ?? []).map((o) => (
          <li key={o.id} data-offer={o.id}>
            <a href={`#/products/${o.product_id}`}>{o.product_id}</a> · {formatMoney(o.terms.amount, o.terms.currency)} · {o.status}
            {o.message ? ` · ${o.message}` : ''}{' '}
            {mine && o.status === 'open' && <button type="button" onClick={() => accept(o)}>{t('acceptOffer')}</button>}
          </li>
        ))}
      </ul>
      {!mine && (hasRole('seller') || hasRole('data_merchant')) && d.status === 'open' && (
        <form class="stack panel narrow" name="offer" onSubmit={offer}>
          <h2>{t('makeOffer')}</h2>
          <label>{t('productId')}<input name="product_id" required /></label>
          <label>{t('amountYuan')}<input name="amount" type="number" min="0.01" step="0.01" required /></label>
          <label>{t('message')}<input name="message" /></label>
          <button type="submit">{t('makeOffer')}</button>
        </form>
      )}
    </article>
  );
}

// A product: description, fields, sample, quality, compliance and registration status, price and
// permitted scenarios.
import { useEffect, useState } from 'preact/hooks';
import { api, hasRole } from '../api.js';
import { BuyForm } from './trade.jsx';
import { formatMoney, t } from '../i18n.js';

export function Product({ id }) {
  const [p, setP] = useState(null);
  const [error, setError] = useState(null);
  const [assessments, setAssessments] = useState([]);
  const [registrations, setRegistrations] = useState([]);
  useEffect(() => {
    const base = `/v1/products/${encodeURIComponent(id)}`;
    api('GET', base).then(setP, setError);
    api('GET', `${base}/assessments`).then((r) => setAssessments(r.items), () => {});
    api('GET', `${base}/registrations`).then((r) => setRegistrations(r.items), () => {});
  }, [id]);
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!p) return <p aria-busy="true">{t('loading')}</p>;
  const d = p.description ?? {};
  return (
    <article aria-labelledby="product-title" class="product">
      <h1 id="product-title">{d.title ?? p.id}</h1>
      <p class="meta">{d.sector} · {d.category} · {d.form}</p>
      <dl class="facts">
        <div><dt>{t('price')}</dt>
          <dd data-price>{d.price ? `${formatMoney(d.price.amount, d.price.currency)} (${d.price.model})` : ''}</dd></div>
        <div><dt>{t('qualityScore')}</dt><dd>{p.quality_score ?? '—'}</dd></div>
        <div><dt>{t('status')}</dt><dd data-status>{p.status}</dd></div>
        <div><dt>{t('seller')}</dt><dd>{p.seller_id}</dd></div>
        <div><dt>{t('deliveryMode')}</dt><dd>{(d.delivery_modes ?? []).join(', ')}</dd></div>
      </dl>
      <h2>{t('description')}</h2>
      <p>{d.summary ?? d.description}</p>
      <h2>{t('scenarios')}</h2>
      <ul>{(d.scenarios ?? []).map((s) => <li key={s}>{s}</li>)}</ul>
      {d.fields?.length > 0 && (
        <>
          <h2>{t('fields')}</h2>
          <table class="fields">
            <thead><tr><th scope="col">name</th><th scope="col">type</th><th scope="col">{t('description')}</th></tr></thead>
            <tbody>
              {d.fields.map((f) => (
                <tr key={f.name}><td>{f.name}</td><td>{f.type}</td><td>{f.description}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {d.sample && (<><h2>{t('sample')}</h2><pre class="sample" tabIndex={0} aria-label={t('sample')}>{typeof d.sample === 'string' ? d.sample : JSON.stringify(d.sample, null, 2)}</pre></>)}
      {hasRole('buyer') && p.status === 'listed' && <BuyForm product={p} />}
      <h2>{t('compliance')}</h2>
      {assessments.length === 0 ? <p>{t('none')}</p> : (
        <table class="list" data-assessments>
          <thead><tr><th scope="col">{t('outcome_')}</th><th scope="col">{t('assessor_')}</th><th scope="col">{t('validUntil')}</th><th scope="col">{t('legalOpinion')}</th></tr></thead>
          <tbody>
            {assessments.map((a) => (
              <tr key={a.id}><td>{a.outcome}</td><td>{a.assessor_id}</td><td>{a.valid_until?.slice(0, 10)}</td>
                <td>{a.legal_opinion}
                  {a.content_reviewed && <p class="note" data-content-attestation>{t('contentAttested')}: {a.content_attestation}</p>}
                </td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('registrations')}</h2>
      {registrations.length === 0 ? <p>{t('none')}</p> : (
        <table class="list" data-registrations>
          <thead><tr><th scope="col">ID</th><th scope="col">{t('status')}</th><th scope="col">{t('certificate')}</th></tr></thead>
          <tbody>
            {registrations.map((r) => (
              <tr key={r.id}><td>{r.number ?? r.id}</td><td>{r.status}</td><td>{r.certificate_id ?? '—'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

// Selling: my products; describing a new one; uploading its dataset (resumable chunks, with a
// progress bar) and reading the scan report; submitting it, commissioning an assessor and asking
// for listing. For assessors, the products they were commissioned to assess, with the scan report
// beside the decision form; for the operator, the listing review queue.
import { useEffect, useState } from 'preact/hooks';
import { api, hasRole } from '../api.js';
import { formatNumber, t, term } from '../i18n.js';
import { navigate } from '../router.js';

const CHUNK = 256 * 1024;
const SOURCE_TYPES = ['industry', 'utility', 'government', 'finance', 'trade', 'media', 'internet',
                      'research', 'individuals', 'other'];
const SECTORS = ['energy', 'finance', 'transport', 'healthcare', 'manufacturing', 'agriculture',
                 'retail', 'telecom', 'government', 'environment', 'logistics', 'real_estate',
                 'education', 'other'];

function ProductRows({ items }) {
  return (
    <table class="list">
      <thead><tr><th scope="col">ID</th><th scope="col">{t('title')}</th><th scope="col">{t('status')}</th></tr></thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id} data-product={p.id}>
            <td><a href={`#/my-products/${p.id}`}>{p.id}</a></td>
            <td>{p.description?.title}</td><td data-status>{p.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MyProducts() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('GET', '/v1/products?mine=true&limit=200').then((r) => setItems(r.items), setError);
  }, []);
  async function create(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const p = await api('POST', '/v1/products', {
        title: f.get('title'), description: f.get('description'),
        category: 'data_product', form: 'dataset', sector: f.get('sector'), source_type: f.get('source_type'),
        data_source: f.get('data_source'), acquisition_method: f.get('acquisition_method'),
        source_authorisation: f.get('source_authorisation'),
        fields: String(f.get('fields')).split('\n').map((l) => l.trim()).filter(Boolean)
            .map((l) => { const [name, type = 'text'] = l.split(':'); return { name: name.trim(), type: type.trim() }; }),
        update_frequency: 'monthly', temporal_coverage: f.get('temporal_coverage'),
        spatial_coverage: f.get('spatial_coverage'),
        scenarios: String(f.get('scenarios')).split(/[,，]/).map((s) => s.trim()).filter(Boolean),
        delivery_modes: ['file'],
        price: { model: 'one_off', amount: Math.round(Number(f.get('price')) * 100) },
        licence: 'Internal use', tags: [],
      });
      navigate(`/my-products/${p.id}`);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">{t('myProducts')}</h1>
      {error && <p role="alert" class="error">{error.message}{error.problem?.field ? ` (${error.problem.field})` : ''}</p>}
      {items && <ProductRows items={items} />}
      <details class="panel">
        <summary>{t('newProduct')}</summary>
        <form class="stack" onSubmit={create} name="new-product">
          <label>{t('title')}<input name="title" required maxLength={200} /></label>
          <label>{t('description')}<input name="description" required maxLength={2000} /></label>
          <label>{t('sector')}
            <select name="sector">{SECTORS.map((s) => <option key={s} value={s}>{term(s)}</option>)}</select>
          </label>
          <label>{t('sourceType')}
            <select name="source_type">{SOURCE_TYPES.map((s) => <option key={s} value={s}>{s}</option>)}</select>
          </label>
          <label>{t('dataSource')}<input name="data_source" required /></label>
          <label>{t('acquisition')}<input name="acquisition_method" required /></label>
          <label>{t('authorisation')}<input name="source_authorisation" required /></label>
          <label>{t('fieldsHelp')}<textarea name="fields" rows="3" required>{'id:text\nvalue:integer'}</textarea></label>
          <label>{t('temporal')}<input name="temporal_coverage" value="2024-01/2026-10" /></label>
          <label>{t('spatial')}<input name="spatial_coverage" value="Shenzhen" /></label>
          <label>{t('scenariosHelp')}<input name="scenarios" required /></label>
          <label>{t('priceYuan')}<input name="price" type="number" min="0" step="0.01" required /></label>
          <button type="submit">{t('create')}</button>
        </form>
      </details>
    </section>
  );
}

// Uploads `file` in chunks (PATCH with Upload-Offset, as tus does), reporting progress.
async function upload(productId, file, onProgress) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  const u = await api('POST', `/v1/products/${productId}/uploads`,
                      { file_name: file.name, size: file.size, sha256 });
  for (let offset = 0; offset < file.size; offset += CHUNK) {
    await api('PATCH', `/v1/uploads/${u.id}`, file.slice(offset, offset + CHUNK), 'application/json',
              { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) });
    onProgress(Math.min(file.size, offset + CHUNK) / file.size);
  }
  return api('POST', `/v1/uploads/${u.id}/complete`, {});
}

function ScanReport({ dataset }) {
  if (!dataset) return null;
  const r = dataset.report ?? {};
  return (
    <section class="panel" aria-labelledby="scan-title" data-scan-report>
      <h2 id="scan-title">{t('scanReport')}</h2>
      <dl class="facts">
        <div><dt>{t('file')}</dt><dd>{dataset.file_name} · {formatNumber(dataset.bytes)} B</dd></div>
        <div><dt>{t('rows')}</dt><dd data-rows>{formatNumber(r.rows ?? r.records ?? 0)}</dd></div>
        <div><dt>{t('qualityScore')}</dt><dd>{dataset.quality_score ?? r.quality?.score ?? '—'}</dd></div>
        <div><dt>{t('classification')}</dt><dd>{dataset.suggested_classification ?? '—'}</dd></div>
        <div><dt>{t('personalInfo')}</dt><dd data-personal>{String(dataset.personal_information ?? r.personal_information ?? false)}</dd></div>
      </dl>
      <details><summary>JSON</summary><pre tabIndex={0} aria-label={t('scanReport')}>{JSON.stringify(r, null, 2)}</pre></details>
    </section>
  );
}

export function MyProduct({ id }) {
  const [p, setP] = useState(null);
  const [assessors, setAssessors] = useState([]);
  const [progress, setProgress] = useState(null);
  const [dataset, setDataset] = useState(null);
  const [message, setMessage] = useState(null);
  function load() {
    api('GET', `/v1/products/${id}`).then((x) => {
      setP(x);
      if (x.dataset && !dataset) {
        api('GET', `/v1/products/${id}/datasets/${x.dataset.id}`).then(setDataset, () => {});
      }
    }, (err) => setMessage(err.message));
  }
  useEffect(() => {
    load();
    api('GET', '/v1/organizations?role=service_provider&status=approved&limit=50')
        .then((r) => setAssessors(r.items), () => {});
  }, [id]);
  async function onFile(e) {
    const file = e.currentTarget.files[0];
    if (!file) return;
    setMessage(null);
    setProgress(0);
    try {
      setDataset(await upload(id, file, setProgress));
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  async function act(body) {
    setMessage(null);
    try {
      setP(await api('POST', `/v1/products/${id}/actions`, body));
    } catch (err) {
      setMessage(err.message);
    }
  }
  if (!p) return <p aria-busy="true">{message ?? t('loading')}</p>;
  return (
    <article aria-labelledby="mine-product-title">
      <h1 id="mine-product-title">{p.description?.title}</h1>
      <p>{t('status')}: <strong data-status>{p.status}</strong></p>
      {message && <p role="alert" class="error">{message}</p>}
      <section class="panel">
        <h2>{t('dataset')}</h2>
        <label>{t('chooseFile')}<input type="file" name="dataset" accept=".csv,.jsonl,.json" onChange={onFile} /></label>
        {progress !== null && (
          <progress max="1" value={progress} aria-label={t('uploadProgress')} data-progress={progress.toFixed(2)}>
            {Math.round(progress * 100)}%
          </progress>
        )}
      </section>
      <ScanReport dataset={dataset} />
      <p class="actions">
        {p.status === 'draft' || p.status === 'needs_fix' ? (
          <button type="button" onClick={() => act({ action: 'submit' })}>{t('submit')}</button>
        ) : null}
        {p.status === 'described' && (
          <>
            <label>{t('assessor')}{' '}
              <input name="assessor" list="assessors" required placeholder="org_…" />
              <datalist id="assessors">
                {assessors.filter((a) => (a.service_types ?? []).includes('compliance_assessor'))
                    .map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </datalist>
            </label>{' '}
            <button type="button" onClick={() => act({ action: 'commission_assessment',
              assessor_id: document.querySelector('input[name="assessor"]').value.trim() })}>{t('commission')}</button>
          </>
        )}
        {p.status === 'assessed' && (
          <button type="button" onClick={() => act({ action: 'request_listing' })}>{t('requestListing')}</button>
        )}
      </p>
    </article>
  );
}

// Commissioned assessments (service providers) and listing reviews (the operator; read-only for
// the regulator).
export function ReviewQueue() {
  const assessor = hasRole('service_provider');
  const status = assessor ? 'in_assessment' : 'listing_review';
  const [items, setItems] = useState(null);
  const [open, setOpen] = useState(null);
  const [dataset, setDataset] = useState(null);
  const [message, setMessage] = useState(null);
  function load() {
    api('GET', `/v1/products?mine=true&status=${status}&limit=200`).then((r) => setItems(r.items), (e) => setMessage(e.message));
  }
  useEffect(load, []);
  useEffect(() => {
    setDataset(null);
    if (open?.dataset) api('GET', `/v1/products/${open.id}/datasets/${open.dataset.id}`).then(setDataset, () => {});
  }, [open?.id]);
  async function decide(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('POST', `/v1/products/${open.id}/assessments`, {
        outcome: f.get('outcome'), subject: f.get('subject'), object: f.get('object'),
        circulation: f.get('circulation'), legal_opinion: f.get('legal_opinion'),
        pipia_reviewed: f.get('pipia_reviewed') === 'on',
        content_reviewed: f.get('content_reviewed') === 'on',
        content_attestation: f.get('content_attestation') || '',
        valid_until: new Date(Date.now() + 365 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z'),
      });
      setMessage(`${open.id}: ${f.get('outcome')}`);
      setOpen(null);
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  async function listing(action) {
    try {
      await api('POST', `/v1/products/${open.id}/actions`, action === 'approve_listing' ? { action } : { action, reason: 'declined' });
      setMessage(`${open.id}: ${action}`);
      setOpen(null);
      load();
    } catch (err) {
      setMessage(err.message);
    }
  }
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{assessor ? t('assessmentQueue') : t('listingQueue')}</h1>
      {message && <p role="status">{message}</p>}
      {items && items.length === 0 && <p>{t('none')}</p>}
      {items && (
        <ul class="queue">
          {items.map((p) => (
            <li key={p.id} data-product={p.id}>
              <button type="button" class="link" onClick={() => setOpen(p)}>{p.description?.title} ({p.id})</button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div class="review">
          <ScanReport dataset={dataset} />
          {assessor ? (
            <form class="stack panel" onSubmit={decide} name="assessment">
              <h2>{t('decision')}</h2>
              <label>{t('outcome')}
                <select name="outcome"><option value="pass">pass</option><option value="conditional">conditional</option><option value="fail">fail</option></select>
              </label>
              <label>{t('subjectCheck')}<input name="subject" required value="the supplier's qualifications are in order" /></label>
              <label>{t('objectCheck')}<input name="object" required value="the data matches its description" /></label>
              <label>{t('circulationCheck')}<input name="circulation" required value="lawful to circulate" /></label>
              <label>{t('legalOpinion')}<input name="legal_opinion" required value="no objection" /></label>
              {open.description?.personal_information && (
                <label class="check"><input type="checkbox" name="pipia_reviewed" /> {t('pipiaReviewed')}</label>
              )}
              {open.dataset && open.dataset.readable === false && (
                <fieldset data-attestation>
                  <legend>{t('contentAttestation')}</legend>
                  <p class="note">{t('contentAttestationHelp')}</p>
                  <label class="check"><input type="checkbox" name="content_reviewed" required /> {t('contentReviewed')}</label>
                  <label>{t('contentFindings')}<textarea name="content_attestation" required maxLength={2000} /></label>
                </fieldset>
              )}
              <button type="submit">{t('record')}</button>
            </form>
          ) : hasRole('operator') ? (
            <p>
              <button type="button" onClick={() => listing('approve_listing')}>{t('approve')}</button>{' '}
              <button type="button" onClick={() => listing('reject_listing')}>{t('reject')}</button>
            </p>
          ) : <p class="note">{t('readOnly')}</p>}
        </div>
      )}
    </section>
  );
}

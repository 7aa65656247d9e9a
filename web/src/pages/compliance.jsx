// Cross-border compliance: an exporter's verified facts and its evidence (filing, with the
// document), the operator's review queue and its decisions on exporters' facts, and the
// regulator's register of all evidence, read-only.
import { useEffect, useState } from 'preact/hooks';
import { api, hasRole, session } from '../api.js';
import { formatNumber, t, term } from '../i18n.js';

const KINDS = ['security_assessment', 'standard_contract_filing', 'certification', 'consent', 'pipia'];
const SECTORS = ['energy', 'finance', 'transport', 'healthcare', 'manufacturing', 'agriculture',
  'retail', 'telecom', 'government', 'environment', 'logistics', 'real_estate', 'education', 'other'];
const FACTS = ['ciio', 'trade_context', 'collected_abroad', 'necessary_for_contract', 'employee_hr',
  'emergency'];

function day(iso) {
  return iso ? iso.slice(0, 10) : '';
}

// The file's bytes as base64, read in the browser.
function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function Profile({ org }) {
  const [profile, setProfile] = useState(null);
  useEffect(() => {
    api('GET', `/v1/organizations/${org}/exporter-profile`).then(setProfile, () => setProfile(null));
  }, [org]);
  if (!profile) return null;
  const facts = [];
  if (profile.in_ftz) facts.push(`${t('inFtz')}: ${profile.ftz}`);
  if (profile.on_ftz_negative_list) facts.push(t('fact_on_ftz_negative_list'));
  for (const f of FACTS) if (profile[f]) facts.push(t(`fact_${f}`));
  return (
    <section aria-labelledby="profile-title" data-exporter-profile>
      <h2 id="profile-title">{t('exporterProfile')}</h2>
      {!profile.decided ? <p>{t('profileUndecided')}</p> : (
        <>
          <p>{facts.length ? facts.join('；') : t('noExemptionFacts')}</p>
          <p class="note">{t('decidedBecause')}: {profile.reason}</p>
        </>
      )}
    </section>
  );
}

function FilingForm({ onFiled }) {
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    const file = form.get('document');
    if (!file || !file.size) {
      setMessage(t('documentRequired'));
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const body = {
        kind: form.get('kind'),
        reference: form.get('reference'),
        authority: form.get('authority'),
        scope: {
          destinations: String(form.get('destinations')).split(/[,，\s]+/).filter(Boolean),
          sectors: form.getAll('sectors'),
        },
        valid_from: `${form.get('valid_from')}T00:00:00Z`,
        valid_until: `${form.get('valid_until')}T00:00:00Z`,
        document: { file_name: file.name, content_base64: await readBase64(file) },
      };
      const e2 = await api('POST', '/v1/evidence', body, 'application/json',
                           { 'Idempotency-Key': crypto.randomUUID() });
      setMessage(`${t('evidenceFiled')}: ${e2.reference}`);
      e.target.reset();
      onFiled();
    } catch (err) {
      setMessage(err.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="stack panel" onSubmit={submit} aria-labelledby="file-title" data-evidence-form>
      <h2 id="file-title">{t('fileEvidence')}</h2>
      <p class="note">{t('evidenceHelp')}</p>
      <label>{t('evidenceKind')}
        <select name="kind" required>{KINDS.map((k) => <option value={k}>{t(`kind_${k}`)}</option>)}</select>
      </label>
      <label>{t('referenceNumber')}<input name="reference" required maxLength={200} /></label>
      <label>{t('issuingAuthority')}<input name="authority" required maxLength={200} /></label>
      <label>{t('destinations')}<input name="destinations" required placeholder="SG, DE, CN-HK" /></label>
      <fieldset>
        <legend>{t('sectorsCovered')}</legend>
        <div class="checks">
          {SECTORS.map((s) => (
            <label class="check"><input type="checkbox" name="sectors" value={s} /> {term(s)}</label>
          ))}
        </div>
      </fieldset>
      <label>{t('validFrom')}<input type="date" name="valid_from" required /></label>
      <label>{t('validUntil')}<input type="date" name="valid_until" required /></label>
      <label>{t('document')}<input type="file" name="document" required /></label>
      <button type="submit" disabled={busy}>{t('fileEvidence')}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

function EvidenceTable({ items, onDecide, showExporter, names }) {
  return (
    <table class="list" data-evidence-list>
      <thead>
        <tr>
          <th scope="col">{t('evidenceKind')}</th>
          <th scope="col">{t('referenceNumber')}</th>
          {showExporter && <th scope="col">{t('exporter')}</th>}
          <th scope="col">{t('destination')}</th>
          <th scope="col">{t('validUntil')}</th>
          <th scope="col">{t('status')}</th>
          {onDecide && <th scope="col"></th>}
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id} data-evidence={e.id}>
            <td>{t(`kind_${e.kind}`)}</td>
            <td>{e.reference}<br /><small>{e.authority}</small></td>
            {showExporter && <td>{names?.[e.exporter_id] ?? e.exporter_id}</td>}
            <td>{e.scope.destinations.join(', ')}<br />
              <small>{e.scope.sectors.map(term).join('、')}</small></td>
            <td>{day(e.valid_until)}</td>
            <td data-status={e.status}>{t(`evidence_${e.status}`)}
              {e.decision_reason && <><br /><small>{e.decision_reason}</small></>}</td>
            {onDecide && <td><Decision evidence={e} onDecide={onDecide} /></td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Approve or reject with a reason, confirmed before it is sent.
function Decision({ evidence, onDecide }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  async function decide(action) {
    if (!reason.trim()) {
      setError(t('reasonRequired'));
      return;
    }
    if (!window.confirm(`${t(action)}: ${evidence.reference}?`)) return;
    try {
      await api('POST', `/v1/evidence/${evidence.id}/decisions`, { action, reason },
                'application/json', { 'Idempotency-Key': crypto.randomUUID() });
      onDecide();
    } catch (err) {
      setError(err.message);
    }
  }
  return (
    <div class="decision">
      <a href={`/v1/evidence/${evidence.id}/document`} download>{t('document')}</a>
      <label class="visually-hidden" for={`reason-${evidence.id}`}>{t('reason')}</label>
      <input id={`reason-${evidence.id}`} value={reason} placeholder={t('reason')}
             onInput={(e) => setReason(e.target.value)} />
      <button type="button" onClick={() => decide('approve')}>{t('approve')}</button>{' '}
      <button type="button" onClick={() => decide('reject')}>{t('reject')}</button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

// The operator decides an exporter's facts.
function ProfileDecision() {
  const [message, setMessage] = useState(null);
  async function submit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    const ftz = String(form.get('ftz') || '').trim();
    const body = { in_ftz: ftz !== '', ftz, reason: form.get('reason'),
                   on_ftz_negative_list: form.get('on_ftz_negative_list') === 'on' };
    for (const f of FACTS) body[f] = form.get(f) === 'on';
    try {
      await api('PUT', `/v1/organizations/${form.get('organization')}/exporter-profile`, body);
      setMessage(t('profileSaved'));
    } catch (err) {
      setMessage(err.message);
    }
  }
  return (
    <form class="stack panel" onSubmit={submit} aria-labelledby="facts-title" data-profile-form>
      <h2 id="facts-title">{t('decideFacts')}</h2>
      <label>{t('exporter')}<input name="organization" required placeholder="org_…" /></label>
      <label>{t('ftzName')}<input name="ftz" placeholder="shanghai-lingang" /></label>
      <label class="check"><input type="checkbox" name="on_ftz_negative_list" /> {t('fact_on_ftz_negative_list')}</label>
      {FACTS.map((f) => <label class="check"><input type="checkbox" name={f} /> {t(`fact_${f}`)}</label>)}
      <label>{t('reason')}<input name="reason" required maxLength={2000} /></label>
      <button type="submit">{t('save')}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

export function Evidence() {
  const me = session.get();
  const operator = hasRole('operator');
  const regulator = hasRole('regulator');
  const staff = operator || regulator;
  const [status, setStatus] = useState(operator ? 'filed' : '');
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  function load() {
    const q = status ? `&status=${status}` : '';
    api('GET', `/v1/evidence?limit=200${q}`).then((r) => setItems(r.items), setError);
  }
  useEffect(load, [status]);
  // Exporters by name, not id.
  const [names, setNames] = useState({});
  useEffect(() => {
    if (!items || !staff) return;
    const ids = [...new Set(items.map((e) => e.exporter_id))].filter((id) => !(id in names));
    Promise.all(ids.map((id) => api('GET', `/v1/organizations/${id}`).then(
      (o) => [id, o.name ?? o.organization?.name ?? id], () => [id, id])))
      .then((pairs) => setNames((n) => ({ ...n, ...Object.fromEntries(pairs) })));
  }, [items]);
  if (!me) return <p>{t('signInFirst')}</p>;
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  return (
    <section aria-labelledby="evidence-title">
      <h1 id="evidence-title">{staff ? t('evidenceRegister') : t('myEvidence')}</h1>
      {regulator && <p class="note" data-read-only>{t('readOnly')}</p>}
      {!staff && <Profile org={me.organization_id} />}
      <label>{t('status')}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('any')}</option>
          {['filed', 'approved', 'rejected'].map((s) => <option value={s}>{t(`evidence_${s}`)}</option>)}
        </select>
      </label>
      {!items ? <p aria-busy="true">{t('loading')}</p> : (
        <>
          <p>{formatNumber(items.length)} {t('results')}</p>
          {items.length === 0 ? <p>{t('none')}</p> :
            <EvidenceTable items={items} showExporter={staff} names={names}
                           onDecide={operator && status === 'filed' ? load : null} />}
        </>
      )}
      {!staff && <FilingForm onFiled={load} />}
      {operator && <ProfileDecision />}
    </section>
  );
}

// The transparency log: the latest signed checkpoint, any entry by index, and its proof of
// inclusion verified in the browser.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { bytesToB64, verifyCheckpoint, verifyEntryInclusion } from '../verify.js';

export function Log({ query }) {
  const [checkpoint, setCheckpoint] = useState(null);
  const [index, setIndex] = useState(query.get('index') ?? '0');
  const [result, setResult] = useState(null);
  useEffect(() => {
    Promise.all([fetch('/log/checkpoint').then((r) => r.text()),
                 fetch('/log/vkey').then((r) => r.text())])
        .then(([note, vkey]) => verifyCheckpoint(note, vkey).then((c) => setCheckpoint({ ...c, note })))
        .catch((err) => setCheckpoint({ error: err.message }));
  }, []);
  async function show(e) {
    e.preventDefault();
    setResult({ busy: true });
    try {
      setResult(await verifyEntryInclusion(Number(index)));
    } catch (err) {
      setResult({ error: err.message });
    }
  }
  return (
    <section aria-labelledby="log-title">
      <h1 id="log-title">{t('log')}</h1>
      <h2>{t('checkpoint')}</h2>
      {!checkpoint && <p aria-busy="true">{t('loading')}</p>}
      {checkpoint?.error && <p role="alert" class="error">{checkpoint.error}</p>}
      {checkpoint?.root && (
        <>
          <p class="ok" data-checkpoint="verified">✓ {t('checkpointVerified')}</p>
          <dl class="facts">
            <div><dt>{t('treeSize')}</dt><dd data-tree-size>{checkpoint.size}</dd></div>
            <div><dt>{t('rootHash')}</dt><dd class="mono">{bytesToB64(checkpoint.root)}</dd></div>
          </dl>
          <pre class="note" tabIndex={0} aria-label={t('checkpoint')}>{checkpoint.note}</pre>
        </>
      )}
      <h2>{t('entry')}</h2>
      <form onSubmit={show} class="inline">
        <label>{t('index')}
          <input type="number" min="0" name="index" value={index}
                 onInput={(e) => setIndex(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {result?.error && <p role="alert" class="error" data-proof="failed">✗ {t('proofFailed')}: {result.error}</p>}
      {result?.entry && (
        <>
          <p role="status" class="ok" data-proof="verified">✓ {t('proofVerified')} ({result.checkpoint.size})</p>
          <pre class="leaf" tabIndex={0} aria-label={t('entry')}>{JSON.stringify(result.entry.leaf, null, 2)}</pre>
        </>
      )}
    </section>
  );
}

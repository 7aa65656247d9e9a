// Catalogue search: full text, facets, sorting and paging over GET /v1/products.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatMoney, formatNumber, t, term } from '../i18n.js';
import { navigate } from '../router.js';

const PAGE = 20;

export function Catalogue({ query }) {
  const [form, setForm] = useState(Object.fromEntries(
      ['q', 'sector', 'source_type', 'category', 'delivery_mode', 'sort']
          .map((k) => [k, query.get(k) ?? ''])));
  const cursor = query.get('cursor') ?? '';
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const key = query.toString();
  useEffect(() => {
    const params = new URLSearchParams();
    for (const k of ['q', 'sector', 'source_type', 'category', 'delivery_mode', 'sort']) {
      if (query.get(k)) params.set(k, query.get(k));
    }
    params.set('limit', PAGE);
    if (cursor) params.set('cursor', cursor);
    setPage(null);
    api('GET', `/v1/products?${params}`).then(setPage, setError);
  }, [key]);

  function go(next) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== '' && v !== undefined) params.set(k, v);
    navigate(`/products?${params}`);
  }

  const facets = page?.facets ?? {};
  return (
    <section aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">{t('catalogue')}</h1>
      <form role="search" class="search" onSubmit={(e) => { e.preventDefault(); go(form); }}>
        <label>
          <span class="visually-hidden">{t('search')}</span>
          <input type="search" name="q" value={form.q} placeholder={t('searchPlaceholder')}
                 onInput={(e) => setForm({ ...form, q: e.currentTarget.value })} />
        </label>
        <label>{t('sector')}
          <select name="sector" value={form.sector}
                  onChange={(e) => go({ ...form, sector: e.currentTarget.value })}>
            <option value="">{t('any')}</option>
            {(facets.sector ?? []).map((f) => (
              <option key={f.value} value={f.value}>{term(f.value)} ({f.count})</option>
            ))}
          </select>
        </label>
        {['source_type', 'category', 'delivery_mode'].filter((k) => facets[k]?.length).map((k) => (
          <label key={k}>{t(`facet_${k}`)}
            <select name={k} value={form[k]} onChange={(e) => go({ ...form, [k]: e.currentTarget.value })}>
              <option value="">{t('any')}</option>
              {facets[k].map((f) => <option key={f.value} value={f.value}>{term(f.value)} ({f.count})</option>)}
            </select>
          </label>
        ))}
        <label>{t('sort')}
          <select name="sort" value={form.sort}
                  onChange={(e) => go({ ...form, sort: e.currentTarget.value })}>
            <option value="">{t('relevance')}</option>
            <option value="newest">{t('newest')}</option>
            <option value="price_asc">{t('priceAsc')}</option>
            <option value="price_desc">{t('priceDesc')}</option>
            <option value="quality">{t('quality')}</option>
          </select>
        </label>
        <button type="submit">{t('search')}</button>
      </form>
      {error && <p role="alert">{t('error')}: {error.message}</p>}
      {!page && !error && <p aria-busy="true">{t('loading')}</p>}
      {page && (
        <>
          <p class="count" aria-live="polite">
            <span data-total>{formatNumber(page.total ?? page.items.length)}</span> {t('results')}
          </p>
          {page.items.length === 0 && <p>{t('noResults')}</p>}
          <ul class="cards">
            {page.items.map((p) => (
              <li key={p.id} class="card">
                <h2><a href={`#/products/${p.id}`}>{p.description?.title ?? p.id}</a></h2>
                <p class="meta">{term(p.description?.sector)} · {p.description?.category}</p>
                <p>{(p.description?.summary ?? p.description?.description ?? '').slice(0, 140)}</p>
                <p class="price">
                  {p.description?.price ? formatMoney(p.description.price.amount,
                                                      p.description.price.currency) : ''}
                  {p.quality_score !== undefined && <> · {t('qualityScore')} {p.quality_score}</>}
                </p>
              </li>
            ))}
          </ul>
          <nav class="pager" aria-label="pages">
            <button type="button" disabled={!cursor} onClick={() => history.back()}>
              {t('previous')}
            </button>
            <button type="button" disabled={!page.next_cursor}
                    onClick={() => go({ ...form, cursor: page.next_cursor })}>
              {t('next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

// The market's front page: headline figures from /v1/stats drawn as charts.
import { useEffect, useState } from 'preact/hooks';
import { BarChart, ColumnChart } from '../charts.jsx';
import { api } from '../api.js';
import { formatMoney, formatNumber, t, term } from '../i18n.js';

function sumBy(groups, key) {
  const out = new Map();
  for (const g of groups ?? []) out.set(g[key], (out.get(g[key]) ?? 0) + g.count);
  return [...out.entries()];
}

function named(rows) {
  return rows.map(([k, v]) => [term(k), v]);
}

export function Home() {
  const [stats, setStats] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('GET', '/v1/stats').then(setStats, setError);
  }, []);
  if (error) return <p role="alert">{t('error')}: {error.message}</p>;
  if (!stats) return <p aria-busy="true">{t('loading')}</p>;
  const orgs = stats.organizations ?? {};
  const trades = stats.trades ?? {};
  const products = stats.products ?? {};
  const roles = Object.entries(orgs.by_role ?? {}).map(([role, c]) => [term(role), c.total ?? 0]);
  const currency = Object.keys(trades.value ?? {})[0] ?? 'CNY';
  const months = sumBy(trades.by_month, 'month').sort();
  const valueByMonth = new Map();
  for (const g of trades.by_month ?? []) {
    if (g.currency === currency) valueByMonth.set(g.month, (valueByMonth.get(g.month) ?? 0) + g.value);
  }
  return (
    <section aria-labelledby="headline">
      <h1 id="headline">{t('headline')}</h1>
      <dl class="figures">
        <div><dt>{t('participants')}</dt><dd data-figure="participants">{formatNumber(orgs.total ?? 0)}</dd></div>
        <div><dt>{t('products')}</dt><dd data-figure="products">{formatNumber(products.listed ?? 0)}</dd></div>
        <div><dt>{t('trades')}</dt><dd data-figure="trades">{formatNumber(trades.count ?? 0)}</dd></div>
        {Object.entries(trades.value ?? {}).map(([cur, minor]) => (
          <div key={cur}><dt>{t('value')} ({cur})</dt><dd data-figure={`value-${cur}`}>{formatMoney(minor, cur)}</dd></div>
        ))}
      </dl>
      <div class="charts">
        <BarChart id="roles" title={t('byRole')} rows={roles} format={formatNumber} />
        <ColumnChart id="trades-by-month" title={t('tradesByMonth')} rows={months} format={formatNumber} />
        <ColumnChart id="value-by-month" title={`${t('valueByMonth')} (${currency})`}
                     rows={[...valueByMonth.entries()].sort()} format={(v) => formatMoney(v, currency)} />
        <BarChart id="trades-by-sector" title={t('bySector')} rows={named(sumBy(trades.by_sector, 'sector'))}
                  format={formatNumber} />
        <BarChart id="products-by-sector" title={t('productsBySector')}
                  rows={named(Object.entries(products.by_sector ?? {}))} format={formatNumber} />
      </div>
    </section>
  );
}

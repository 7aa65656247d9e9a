// Charts drawn as SVG: bars for categories, columns for a series over time. Each chart has a
// title and a description for screen readers, and a data table behind a disclosure for those who
// would rather read the numbers.
const PALETTE = ['#0b5cad', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#6d597a', '#355070',
                 '#b56576'];

function DataTable({ caption, rows, format }) {
  return (
    <details class="chart-data">
      <summary>{caption}</summary>
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}><th scope="row">{label}</th><td>{format(value)}</td></tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function BarChart({ title, rows, format = String, id }) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const rowHeight = 26;
  const height = rows.length * rowHeight + 8;
  return (
    <figure class="chart" data-chart={id}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 400 ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        {rows.map(([label, value], i) => {
          const w = Math.max(2, (value / max) * 230);
          const y = i * rowHeight + 4;
          return (
            <g key={label}>
              <text x="0" y={y + 16} class="chart-label">{label}</text>
              <rect x="120" y={y + 3} width={w} height="16" rx="3"
                    fill={PALETTE[i % PALETTE.length]} />
              <text x={124 + w} y={y + 16} class="chart-value">{format(value)}</text>
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} rows={rows} format={format} />
    </figure>
  );
}

export function ColumnChart({ title, rows, format = String, id }) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const width = 400;
  const height = 180;
  const step = rows.length ? (width - 20) / rows.length : 0;
  return (
    <figure class="chart" data-chart={id}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 24}`} role="img" aria-label={title}>
        <title>{title}</title>
        <line x1="10" y1={height} x2={width - 10} y2={height} class="chart-axis" />
        {rows.map(([label, value], i) => {
          const h = Math.max(1, (value / max) * (height - 20));
          const x = 10 + i * step + step * 0.15;
          return (
            <g key={label}>
              <rect x={x} y={height - h} width={step * 0.7} height={h} rx="2" fill={PALETTE[0]}>
                <title>{`${label}: ${format(value)}`}</title>
              </rect>
              {(rows.length <= 12 || i % Math.ceil(rows.length / 12) === 0) && (
                <text x={x + step * 0.35} y={height + 16} class="chart-tick"
                      text-anchor="middle">{label}</text>
              )}
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} rows={rows} format={format} />
    </figure>
  );
}

/**
 * Plain SVG charts (no chart library, nothing fetched): each one is paired with a data table,
 * which is what assistive technology reads; the picture is for the eye.
 */
import { useId } from 'react';

export interface Bar {
  label: string;
  value: number | null;
  /** Withheld because it would describe fewer than 5 people. */
  suppressed?: boolean;
}

const W = 560;

export function BarChart({ title, bars, unit = '' }: { title: string; bars: Bar[]; unit?: string }) {
  const id = useId();
  const row = 30;
  const labelW = 170;
  const h = bars.length * row + 10;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const scale = (W - labelW - 70) / max;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${h}`}
      role="img"
      aria-labelledby={id}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={id}>{title}</title>
      {bars.map((b, i) => {
        const y = i * row + 5;
        const w = b.value == null ? 0 : Math.max(2, b.value * scale);
        return (
          <g key={b.label} transform={`translate(0 ${y})`}>
            <text x={labelW - 8} y={row / 2 + 4} textAnchor="end" className="chart-label">
              {b.label}
            </text>
            {b.suppressed ? (
              <>
                <rect x={labelW} y={4} width={60} height={row - 10} className="chart-suppressed" />
                <text x={labelW + 68} y={row / 2 + 4} className="chart-value">
                  suppressed (&lt;5)
                </text>
              </>
            ) : (
              <>
                <rect x={labelW} y={4} width={w} height={row - 10} className="chart-bar" />
                <text x={labelW + w + 6} y={row / 2 + 4} className="chart-value">
                  {b.value == null ? 'no data' : `${b.value}${unit}`}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export interface Series {
  name: string;
  values: (number | null)[];
}

/** Grouped columns: one group per period, one column per series. */
export function ColumnChart({
  title,
  periods,
  series,
}: {
  title: string;
  periods: string[];
  series: Series[];
}) {
  const id = useId();
  const h = 220;
  const top = 20;
  const bottom = 40;
  const left = 40;
  const plotH = h - top - bottom;
  const groupW = (W - left - 10) / Math.max(1, periods.length);
  const colW = Math.min(36, (groupW - 16) / Math.max(1, series.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const ticks = [0, Math.round(max / 2), max];
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${h + 24}`}
      role="img"
      aria-labelledby={id}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={id}>{title}</title>
      {ticks.map((t) => {
        const y = top + plotH - (t / max) * plotH;
        return (
          <g key={t}>
            <line x1={left} x2={W - 10} y1={y} y2={y} className="chart-grid" />
            <text x={left - 6} y={y + 4} textAnchor="end" className="chart-axis">
              {t}
            </text>
          </g>
        );
      })}
      {periods.map((p, i) => {
        const gx = left + i * groupW + 8;
        return (
          <g key={p}>
            {series.map((s, j) => {
              const v = s.values[i];
              const bh = v == null ? 0 : (v / max) * plotH;
              const x = gx + j * colW;
              return v == null ? (
                <text
                  key={s.name}
                  x={x + colW / 2}
                  y={top + plotH - 4}
                  textAnchor="middle"
                  className="chart-axis"
                >
                  –
                </text>
              ) : (
                <rect
                  key={s.name}
                  x={x}
                  y={top + plotH - bh}
                  width={colW - 3}
                  height={bh}
                  className={`chart-series-${j}`}
                />
              );
            })}
            <text
              x={gx + (series.length * colW) / 2}
              y={h - bottom + 18}
              textAnchor="middle"
              className="chart-axis"
            >
              {p}
            </text>
          </g>
        );
      })}
      <g transform={`translate(${left} ${h + 8})`}>
        {series.map((s, j) => (
          <g key={s.name} transform={`translate(${j * 190} 0)`}>
            <rect width="12" height="12" y={-2} className={`chart-series-${j}`} />
            <text x="18" y="9" className="chart-label">
              {s.name}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}

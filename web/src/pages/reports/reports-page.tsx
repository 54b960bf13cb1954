import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Section } from '../../components/ui';
import { graphql } from '../../generated';
import type { OrganisationReportQuery, ReportTrendQuery } from '../../generated/graphql';
import { formatDate, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { BarChart, ColumnChart } from './charts';

const REPORT = graphql(`
  query OrganisationReport($organisation: String, $from: String!, $to: String!) {
    organisationReport(organisation: $organisation, from: $from, to: $to) {
      organisation
      organisationName
      from
      to
      referralsReceived {
        value
        suppressed
      }
      referralsByStatus {
        status
        count {
          value
          suppressed
        }
      }
      medianDaysReferralToAssessment {
        days
        suppressed
      }
      assessmentNotices {
        value
        suppressed
      }
      dischargeNotices {
        value
        suppressed
      }
      peopleDelayed {
        value
        suppressed
      }
      delayedDischargeDays {
        value
        suppressed
      }
      correctionsAccepted {
        value
        suppressed
      }
      correctionsRejected {
        value
        suppressed
      }
      recordsTransferredIn {
        value
        suppressed
      }
      recordsTransferredOut {
        value
        suppressed
      }
    }
  }
`);

const TREND = graphql(`
  query ReportTrend(
    $organisation: String
    $f1: String!
    $t1: String!
    $f2: String!
    $t2: String!
    $f3: String!
    $t3: String!
    $f4: String!
    $t4: String!
  ) {
    q1: organisationReport(organisation: $organisation, from: $f1, to: $t1) {
      ...TrendFigures
    }
    q2: organisationReport(organisation: $organisation, from: $f2, to: $t2) {
      ...TrendFigures
    }
    q3: organisationReport(organisation: $organisation, from: $f3, to: $t3) {
      ...TrendFigures
    }
    q4: organisationReport(organisation: $organisation, from: $f4, to: $t4) {
      ...TrendFigures
    }
  }
  fragment TrendFigures on OrganisationReport {
    from
    referralsReceived {
      value
      suppressed
    }
    delayedDischargeDays {
      value
      suppressed
    }
    correctionsAccepted {
      value
      suppressed
    }
    dischargeNotices {
      value
      suppressed
    }
  }
`);

type Report = NonNullable<OrganisationReportQuery['organisationReport']>;
type Count = { value: number | null; suppressed: boolean | null } | null;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const SUPPRESSED = 'Fewer than 5 (suppressed)';

function shown(c: Count): string {
  if (!c) return 'No data';
  return c.suppressed ? SUPPRESSED : String(c.value ?? 0);
}

/** The four calendar quarters ending with the one that holds `to`. */
function quarters(to: string): { from: string; to: string; label: string }[] {
  const end = new Date(`${to}T00:00:00Z`);
  const q = Math.floor(end.getUTCMonth() / 3);
  return [3, 2, 1, 0].map((back) => {
    const start = new Date(Date.UTC(end.getUTCFullYear(), (q - back) * 3, 1));
    const last = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
    return {
      from: iso(start),
      to: iso(last),
      label: `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${start.getUTCFullYear()}`,
    };
  });
}

function Tile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="tile">
      <p className="tile-label">{label}</p>
      <p className={`tile-value${value === SUPPRESSED ? ' tile-suppressed' : ''}`}>{value}</p>
      {hint && <p className="tile-hint">{hint}</p>}
    </div>
  );
}

function PeriodReport({ r }: { r: Report }) {
  const median = r.medianDaysReferralToAssessment;
  const byStatus = (r.referralsByStatus ?? []).map((s) => ({
    label: humanise(s.status),
    value: s.count?.value ?? null,
    suppressed: s.count?.suppressed === true,
  }));
  return (
    <>
      <div className="tiles" data-testid="report-tiles">
        <Tile label="Referrals received" value={shown(r.referralsReceived)} />
        <Tile
          label="Median days from referral to assessment booked"
          value={!median ? 'No data' : median.suppressed ? SUPPRESSED : `${median.days ?? '–'} days`}
        />
        <Tile label="Assessment notices from hospitals" value={shown(r.assessmentNotices)} />
        <Tile label="Discharge notices from hospitals" value={shown(r.dischargeNotices)} />
        <Tile label="People whose discharge was delayed" value={shown(r.peopleDelayed)} />
        <Tile
          label="Delayed discharge days"
          value={shown(r.delayedDischargeDays)}
          hint="The figure councils are fined on (rounded to the nearest 5, like every count here)"
        />
        <Tile label="Corrections accepted" value={shown(r.correctionsAccepted)} />
        <Tile label="Corrections rejected" value={shown(r.correctionsRejected)} />
        <Tile label="Records transferred in" value={shown(r.recordsTransferredIn)} />
        <Tile label="Records transferred out" value={shown(r.recordsTransferredOut)} />
      </div>
      <Section title="Referrals received, by where they stand now">
        <div className="chart-with-table">
          <BarChart title="Referrals by status" bars={byStatus} />
          <table className="table table-compact table-narrow">
            <caption className="visually-hidden">Referrals by status</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Referrals
                </th>
              </tr>
            </thead>
            <tbody>
              {byStatus.map((b) => (
                <tr key={b.label}>
                  <td>{b.label}</td>
                  <td className="num">{b.suppressed ? SUPPRESSED : (b.value ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}

type Trend = NonNullable<ReportTrendQuery['q1']>;

function TrendReport({ organisation, to }: { organisation: string | null; to: string }) {
  const qs = quarters(to);
  const { data, error, loading } = useQuery(TREND, {
    variables: {
      organisation,
      f1: qs[0].from,
      t1: qs[0].to,
      f2: qs[1].from,
      t2: qs[1].to,
      f3: qs[2].from,
      t3: qs[2].to,
      f4: qs[3].from,
      t4: qs[3].to,
    },
  });
  const errors = errorsOf(error);
  if (loading && !data) return <Loading what="Loading the quarters" />;
  const rows: (Trend | null)[] = [data?.q1 ?? null, data?.q2 ?? null, data?.q3 ?? null, data?.q4 ?? null];
  const v = (c: Count) => (c && !c.suppressed ? (c.value ?? 0) : null);
  const metrics: { name: string; pick: (t: Trend) => Count }[] = [
    { name: 'Referrals received', pick: (t) => t.referralsReceived },
    { name: 'Discharge notices', pick: (t) => t.dischargeNotices },
    { name: 'Corrections accepted', pick: (t) => t.correctionsAccepted },
  ];
  return (
    <Section title="Quarter by quarter">
      <ErrorList errors={errors} />
      <ColumnChart
        title="Referrals, discharge notices and corrections accepted per quarter"
        periods={qs.map((q) => q.label)}
        series={metrics.map((m) => ({ name: m.name, values: rows.map((r) => (r ? v(m.pick(r)) : null)) }))}
      />
      <table className="table table-compact">
        <caption className="visually-hidden">Figures per quarter</caption>
        <thead>
          <tr>
            <th scope="col">Quarter</th>
            {metrics.map((m) => (
              <th scope="col" className="num" key={m.name}>
                {m.name}
              </th>
            ))}
            <th scope="col" className="num">
              Delayed discharge days
            </th>
          </tr>
        </thead>
        <tbody>
          {qs.map((q, i) => {
            const r = rows[i];
            return (
              <tr key={q.label}>
                <th scope="row">{q.label}</th>
                {metrics.map((m) => (
                  <td className="num" key={m.name}>
                    {r ? shown(m.pick(r)) : 'No data'}
                  </td>
                ))}
                <td className="num">{r ? shown(r.delayedDischargeDays) : 'No data'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

/** Aggregate performance reports per borough (CIS): counts only, any cell under 5 people suppressed. */
export function ReportsPage() {
  const today = new Date();
  const yearAgo = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate() + 1));
  const [form, setForm] = useState({ organisation: '', from: iso(yearAgo), to: iso(today) });
  const [applied, setApplied] = useState(form);
  const [problem, setProblem] = useState<string | null>(null);
  const organisation = applied.organisation.trim() || null;
  const { data, error, loading } = useQuery(REPORT, {
    variables: { organisation, from: applied.from, to: applied.to },
  });
  const errors = errorsOf(error);
  const r = data?.organisationReport;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form.from || !form.to || form.from > form.to) {
      setProblem('Choose a start date on or before the end date');
      return;
    }
    setProblem(null);
    setApplied(form);
  }

  return (
    <Page
      title="Performance report"
      caption={
        r
          ? `${r.organisationName ?? r.organisation}, ${formatDate(r.from)} to ${formatDate(r.to)}`
          : 'Reports'
      }
    >
      <p>
        Aggregate figures only: no person can be identified. Any figure about fewer than 5 people is
        suppressed, and counts are rounded to the nearest 5.
      </p>
      <form onSubmit={submit} noValidate className="card inline-form" aria-label="Choose the period">
        <FormField label="Borough code" hint="Leave empty for your own">
          {(p) => (
            <input
              {...p}
              className="input-medium"
              value={form.organisation}
              onChange={(e) => setForm({ ...form, organisation: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="From" error={problem}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.from}
              onChange={(e) => setForm({ ...form, from: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="To">
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.to}
              onChange={(e) => setForm({ ...form, to: e.target.value })}
            />
          )}
        </FormField>
        <button type="submit" className="button">
          Show report
        </button>
      </form>
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        {loading && !data ? <Loading what="Loading the report" /> : r && <PeriodReport r={r} />}
        {r && <TrendReport organisation={organisation} to={applied.to} />}
      </GovernedScope>
    </Page>
  );
}

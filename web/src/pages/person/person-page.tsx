import { useQuery } from '@apollo/client/react';
import { useRef, useState, type ReactNode } from 'react';
import { Page } from '../../components/page';
import { Loading, Notice, Section, SummaryList, Tag } from '../../components/ui';
import {
  ageOn,
  formatDate,
  formatDateTime,
  formatNhsNumber,
  humanise,
  normaliseNhsNumber,
  SOURCE_LABELS,
} from '../../lib/format';
import {
  DeniedBadge,
  denialAt,
  errorCode,
  errorsOf,
  ErrorList,
  Governed,
  GovernedScope,
  SourceBanner,
  BREAKABLE,
} from '../../lib/governed';
import { Link } from '../../lib/router';
import { sessionStore } from '../../lib/session';
import { CAN_BREAK_GLASS, UNSCHEDULED } from '../../nav';
import { BreakGlassBanner, BreakGlassPanel } from './break-glass';
import { ConsentSection } from './consents';
import { CorrectionForm } from './corrections';
import { DischargeSection } from './discharge';
import { FinancialSection } from './financial';
import { CouncilSection } from './council';
import { CpBanner } from './cp-banner';
import { HealthFlagsSection, HealthSection } from './health';
import { PresenceSection } from './presence';
import { PERSON_RECORD, type PersonData } from './query';
import { ReferralsSection } from './referrals';
import { SocialCareSection } from './social-care';
import { TimelineSection } from './timeline';
import { TransferExport } from './transfer';

type SectionKey =
  'socialCare' | 'healthFlags' | 'health' | 'council' | 'consents' | 'referrals' | 'discharge' | 'financial';

/** Each role sees its own work first; everything else follows, withheld parts marked as such. */
const ORDER: Record<string, SectionKey[]> = {
  gp: ['socialCare', 'health', 'referrals', 'consents', 'healthFlags', 'discharge', 'council'],
  ae_clinician: ['socialCare', 'health', 'healthFlags', 'discharge', 'consents', 'referrals', 'council'],
  cp_nurse: ['socialCare', 'health', 'healthFlags', 'discharge', 'consents', 'referrals', 'council'],
  social_worker: ['socialCare', 'healthFlags', 'discharge', 'referrals', 'consents', 'health', 'council'],
  financial_officer: ['financial', 'council', 'consents', 'socialCare', 'healthFlags', 'referrals', 'health'],
  housing_officer: ['council', 'socialCare', 'health', 'healthFlags', 'consents', 'referrals'],
};

const TITLES: Record<SectionKey, [anchor: string, title: string]> = {
  socialCare: ['social-care', 'Social care'],
  healthFlags: ['health-flags', 'Health flags'],
  health: ['health', 'Health record'],
  council: ['council', 'Council'],
  consents: ['consent', 'Consent'],
  referrals: ['referrals', 'Referrals'],
  discharge: ['discharge-notices', 'Discharge notices'],
  financial: ['financial-assessment', 'Financial assessment'],
};

function Header({ person }: { person: PersonData }) {
  const d = person.demographics;
  const age = ageOn(d?.dateOfBirth);
  return (
    <SummaryList
      rows={[
        [
          'NHS number',
          <span key="n" className="nhs-number">
            {formatNhsNumber(person.nhsNumber)}
          </span>,
        ],
        [
          'Date of birth',
          <Governed key="dob" path={['person', 'demographics']} value={d}>
            {(x) => (
              <>
                {formatDate(x.dateOfBirth)}
                {age !== null && <span className="muted"> ({age} years)</span>}
              </>
            )}
          </Governed>,
        ],
        [
          'Postcode',
          <Governed key="pc" path={['person', 'demographics']} value={d}>
            {(x) => x.postcode ?? ''}
          </Governed>,
        ],
        [
          'Known to',
          <Governed key="k" path={['person', 'knownTo']} value={person.knownTo} empty="No system">
            {(list) => (
              <ul className="tag-list" aria-label="Systems that know this person">
                {list.map((s) => (
                  <li key={s}>
                    <Tag tone="blue">{SOURCE_LABELS[s] ?? s}</Tag>
                  </li>
                ))}
              </ul>
            )}
          </Governed>,
        ],
      ]}
    />
  );
}

function BreakGlassUses({ person }: { person: PersonData }) {
  const uses = person.breakGlassUses ?? [];
  if (uses.length === 0) return null;
  return (
    <Section title="Break-glass uses on this record" id="break-glass-uses">
      <ul className="plain-list">
        {uses.map((u, i) => (
          <li key={u.id ?? i}>
            {formatDateTime(u.at)}: <strong>{u.userName ?? u.user}</strong> ({humanise(u.role)}) ·{' '}
            {humanise(u.reason)} · review{' '}
            <Tag tone={u.status === 'OPEN' ? 'yellow' : 'grey'}>{humanise(u.status)}</Tag>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function PersonPage({ nhsParam, role }: { nhsParam: string; role: string }) {
  const nhs = normaliseNhsNumber(nhsParam);
  const username = sessionStore.get().session?.user.username ?? '';
  const { data, error, loading, refetch } = useQuery(PERSON_RECORD, {
    variables: { nhs: nhs ?? '' },
    skip: !nhs,
    notifyOnNetworkStatusChange: true,
  });
  const [glassOpen, setGlassOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const glassRef = useRef<HTMLDetailsElement>(null);
  const errors = errorsOf(error);
  const person = data?.person ?? null;
  const canBreakGlass = CAN_BREAK_GLASS.includes(role);
  const [reloads, setReloads] = useState(0);
  // Sections with their own queries (timeline, financial assessment) reload with the page.
  const reload = () => {
    setReloads((n) => n + 1);
    void refetch();
  };
  const declared = (message: string) => {
    setNotice(message);
    reload();
  };
  const offer = canBreakGlass
    ? () => {
        setGlassOpen(true);
        requestAnimationFrame(() => {
          glassRef.current?.scrollIntoView({ block: 'start' });
          glassRef.current?.querySelector<HTMLInputElement>('input[type=radio]:checked')?.focus();
        });
      }
    : null;

  if (!nhs)
    return (
      <Page title="Not a valid NHS number">
        <p>
          “{nhsParam}” is not a valid NHS number (10 digits with a correct check digit).{' '}
          <Link to="/people">Find a person</Link>.
        </p>
      </Page>
    );

  const name = person?.demographics
    ? `${person.demographics.givenName ?? ''} ${person.demographics.familyName ?? ''}`.trim()
    : null;
  const title =
    name ||
    (person ? `NHS number ${formatNhsNumber(person.nhsNumber)}` : `NHS number ${formatNhsNumber(nhs)}`);
  const refresh = (
    <button type="button" className="button button-secondary" onClick={reload} disabled={loading}>
      {loading ? 'Refreshing…' : 'Refresh'}
    </button>
  );

  if (!person) {
    if (loading)
      return (
        <Page title={title}>
          <Loading what="Loading the record" />
        </Page>
      );
    const denial = denialAt(errors, ['person']);
    const code = errorCode(errors, ['person']);
    return (
      <Page title={title} caption="Person" actions={refresh}>
        <GovernedScope errors={errors} onBreakGlass={offer}>
          {code === 'NOT_FOUND' ? (
            <p>
              No system holds a record for NHS number {formatNhsNumber(nhs)}. Check the number and try again.
            </p>
          ) : denial ? (
            <>
              <p>
                <DeniedBadge denial={denial} />
              </p>
              {denial.reason === 'relationship' && (
                <p>
                  You can open a record only for people in your care
                  {UNSCHEDULED.includes(role) ? ': declare that the person is present below' : ''}
                  {BREAKABLE.includes(denial.reason) && canBreakGlass
                    ? ', or use break-glass in an emergency'
                    : ''}
                  .
                </p>
              )}
            </>
          ) : (
            <ErrorList errors={errors} />
          )}
          {UNSCHEDULED.includes(role) && code !== 'NOT_FOUND' && (
            <PresenceSection nhs={nhs} onDeclared={declared} />
          )}
          {canBreakGlass && denial && BREAKABLE.includes(denial.reason) && (
            <BreakGlassPanel
              nhs={nhs}
              ref={glassRef}
              open={glassOpen}
              onToggle={setGlassOpen}
              onOpened={reload}
            />
          )}
        </GovernedScope>
      </Page>
    );
  }

  const sections: Record<SectionKey, ReactNode> = {
    socialCare: (
      <SocialCareSection person={person}>
        {role === 'gp' && person.socialCare && (
          <CorrectionForm nhs={nhs} sc={person.socialCare} onDone={reload} />
        )}
        {role === 'social_worker' && person.socialCare && (
          <TransferExport nhs={nhs} ownBorough={person.socialCare.borough?.code ?? null} />
        )}
      </SocialCareSection>
    ),
    discharge: <DischargeSection person={person} canSend={UNSCHEDULED.includes(role)} onChanged={reload} />,
    financial: <FinancialSection nhs={nhs} reloadToken={reloads} />,
    healthFlags: <HealthFlagsSection person={person} />,
    health: <HealthSection person={person} />,
    council: <CouncilSection person={person} />,
    consents: <ConsentSection person={person} role={role} onChanged={reload} />,
    referrals: <ReferralsSection person={person} role={role} onChanged={reload} />,
  };
  const order = ORDER[role] ?? ORDER.gp;
  const demographicsDenied = denialAt(errors, ['person', 'demographics']);

  return (
    <Page title={title} caption="Person" actions={refresh}>
      <GovernedScope errors={errors} onBreakGlass={offer}>
        {notice && <Notice tone="success">{notice}</Notice>}
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} title="Part of this record could not be shown" />
        <BreakGlassBanner person={person} username={username} />
        <CpBanner cp={person.socialCare?.childProtection ?? null} />
        <Header person={person} />
        <nav className="on-this-page" aria-label="On this page">
          <ul>
            {[...order, 'timeline' as const].map((k) => {
              const [anchor, label] = k === 'timeline' ? ['timeline', 'Timeline'] : TITLES[k];
              return (
                <li key={k}>
                  <a href={`#${anchor}`}>{label}</a>
                </li>
              );
            })}
          </ul>
        </nav>
        {UNSCHEDULED.includes(role) && demographicsDenied?.reason === 'relationship' && (
          <PresenceSection nhs={nhs} onDeclared={declared} />
        )}
        <div className="sections">
          {order.map((k) => (
            <div key={k}>{sections[k]}</div>
          ))}
        </div>
        <TimelineSection nhs={nhs} reloadToken={reloads} />
        <BreakGlassUses person={person} />
        {canBreakGlass && (
          <BreakGlassPanel
            nhs={nhs}
            ref={glassRef}
            open={glassOpen}
            onToggle={setGlassOpen}
            onOpened={reload}
          />
        )}
      </GovernedScope>
    </Page>
  );
}

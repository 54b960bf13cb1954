import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FormField, Section, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { PersonTimelineQuery, TimelineSource } from '../../generated/graphql';
import { formatDateTime, humanise } from '../../lib/format';
import { denialAt, DeniedBadge, errorsOf, ErrorList, SOURCE_NAMES, type GqlError } from '../../lib/governed';

const TIMELINE = graphql(`
  query PersonTimeline(
    $nhs: NhsNumber!
    $first: Int
    $after: String
    $sources: [TimelineSource!]
    $kinds: [String!]
    $from: String
    $to: String
  ) {
    person(nhsNumber: $nhs) {
      nhsNumber
      timeline(first: $first, after: $after, sources: $sources, kinds: $kinds, from: $from, to: $to) {
        events {
          id
          at
          source
          kind
          summary
          redacted
          link
        }
        hasNextPage
        endCursor
        unavailableSources
      }
    }
  }
`);

type Event = NonNullable<
  NonNullable<NonNullable<PersonTimelineQuery['person']>['timeline']>['events']
>[number];

const SOURCES: { value: TimelineSource; label: string; tone: 'purple' | 'blue' | 'green' | 'grey' }[] = [
  { value: 'SOCIAL_CARE', label: 'Social care', tone: 'purple' },
  { value: 'HEALTH', label: 'Health', tone: 'blue' },
  { value: 'COUNCIL', label: 'Council', tone: 'green' },
  { value: 'GOVERNANCE', label: 'Consent and access', tone: 'grey' },
];

/** Event kinds by source, as the sources document them, for the kind filter. */
const KINDS: Record<TimelineSource, string[]> = {
  SOCIAL_CARE: [
    'REFERRAL',
    'REFERRAL_STATUS',
    'ASSESSMENT_STARTED',
    'ASSESSMENT_COMPLETED',
    'SERVICE_STARTED',
    'SERVICE_ENDED',
    'CP_PLAN_STARTED',
    'CP_PLAN_ENDED',
    'LOOKED_AFTER',
    'SAFEGUARDING_ALERT',
    'CORRECTION',
  ],
  HEALTH: [
    'AE_ATTENDANCE',
    'ADMISSION',
    'DISCHARGE',
    'OUTPATIENT',
    'CONDITION_RECORDED',
    'MEDICATION_STARTED',
    'FLAG_RAISED',
    'DISCHARGE_NOTICE',
  ],
  COUNCIL: ['ADDRESS_CHANGED', 'HOUSING_BENEFIT_AWARDED', 'INCOME_VERIFIED', 'ADAPTATION_COMPLETED'],
  GOVERNANCE: [
    'CONSENT_PENDING',
    'CONSENT_ACTIVE',
    'CONSENT_WITHDRAWN',
    'CONSENT_LAPSED',
    'CONSENT_REFUSED',
    'BREAK_GLASS',
  ],
};

/** Where on this page the underlying record of an event is shown. */
function anchorOf(link: string | null): string | null {
  if (!link) return null;
  const type = link.split('#')[0];
  if (type === 'Person.consents') return '#consent';
  if (type === 'Person.breakGlassUses') return '#break-glass-uses';
  if (type === 'Person.referrals') return '#referrals';
  if (type === 'Person.dischargeNotices') return '#discharge-notices';
  if (type.startsWith('HealthRecord.')) return '#health';
  if (type.startsWith('SocialCareRecord.')) return '#social-care';
  if (/^(CouncilRecord|HousingBenefit|Housing)\./.test(type)) return '#council';
  return null;
}

const PAGE = 20;

/** Everything that happened to the person across the three systems, newest first, a page at a time. */
export function TimelineSection({ nhs, reloadToken }: { nhs: string; reloadToken: number }) {
  const client = useApolloClient();
  const [sources, setSources] = useState<TimelineSource[]>([]);
  const [kind, setKind] = useState('');
  const [events, setEvents] = useState<Event[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasNext, setHasNext] = useState(false);
  const [down, setDown] = useState<TimelineSource[]>([]);
  const [errors, setErrors] = useState<readonly GqlError[]>([]);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        const r = await client.query({
          query: TIMELINE,
          variables: {
            nhs,
            first: PAGE,
            after,
            sources: sources.length ? sources : null,
            kinds: kind ? [kind] : null,
          },
        });
        // A newer request (filters changed) wins over a slow older one.
        if (mine !== generation.current) return;
        const page = r.data?.person?.timeline;
        setErrors(errorsOf(r.error));
        setEvents((prev) => [...(after ? prev : []), ...(page?.events ?? [])]);
        setCursor(page?.endCursor ?? null);
        setHasNext(page?.hasNextPage === true);
        setDown((page?.unavailableSources ?? []).filter((s): s is TimelineSource => !!s));
      } catch (e) {
        if (mine === generation.current) setErrors(errorsOf(e));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [client, nhs, sources, kind],
  );

  useEffect(() => {
    void load(null);
  }, [load, reloadToken]);

  const denial = denialAt(errors, ['person', 'timeline']);
  const kinds = (sources.length ? sources : SOURCES.map((s) => s.value)).flatMap((s) => KINDS[s]);
  const toggle = (s: TimelineSource) => {
    setSources((list) => (list.includes(s) ? list.filter((x) => x !== s) : [...list, s]));
    setKind('');
  };

  return (
    <Section title="Timeline" id="timeline">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : (
        <>
          <div className="filters timeline-filters">
            <fieldset className="fieldset">
              <legend>Sources</legend>
              <div className="radios-inline">
                {SOURCES.map((s) => (
                  <label key={s.value}>
                    <input
                      type="checkbox"
                      checked={sources.includes(s.value)}
                      onChange={() => toggle(s.value)}
                    />{' '}
                    {s.label}
                  </label>
                ))}
              </div>
            </fieldset>
            <FormField label="Kind of event">
              {(p) => (
                <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}>
                  <option value="">Any</option>
                  {kinds.map((k) => (
                    <option key={k} value={k}>
                      {humanise(k)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          </div>
          {down.length > 0 && (
            <div className="banner banner-warning" role="status">
              <strong>
                {down
                  .map((s) => SOURCE_NAMES[s === 'SOCIAL_CARE' ? 'social-care' : s.toLowerCase()] ?? s)
                  .join(', ')}
              </strong>{' '}
              did not answer: their events are missing from this list.
            </div>
          )}
          <ErrorList errors={errors} title="The timeline could not be loaded" />
          {events.length === 0 && !loading ? (
            <p className="muted">No events{sources.length || kind ? ' match these filters' : ''}.</p>
          ) : (
            <ol className="timeline" data-testid="timeline" aria-busy={loading}>
              {events.map((e) => {
                const src = SOURCES.find((s) => s.value === e.source);
                const anchor = anchorOf(e.link);
                return (
                  <li
                    key={`${e.source}-${e.id}`}
                    className={`timeline-event timeline-${(e.source ?? '').toLowerCase()}`}
                  >
                    <time dateTime={e.at ?? undefined}>{formatDateTime(e.at)}</time>
                    <div>
                      <Tag tone={src?.tone ?? 'grey'}>{src?.label ?? e.source}</Tag>{' '}
                      <strong>{humanise(e.kind)}</strong>
                      <p className="timeline-summary">
                        {e.redacted || e.summary == null ? (
                          <span className="denied">
                            <span className="denied-text">Details not shared with your role</span>
                          </span>
                        ) : (
                          e.summary
                        )}
                        {anchor && !e.redacted && (
                          <>
                            {' '}
                            <a href={anchor} className="timeline-link">
                              See record
                              <span className="visually-hidden">
                                {' '}
                                for this {humanise(e.kind).toLowerCase()}
                              </span>
                            </a>
                          </>
                        )}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          <p role="status" className="muted">
            {loading
              ? 'Loading events…'
              : `${events.length} event${events.length === 1 ? '' : 's'} shown${hasNext ? '' : ', all loaded'}`}
          </p>
          {hasNext && (
            <button
              type="button"
              className="button button-secondary"
              disabled={loading}
              onClick={() => void load(cursor)}
            >
              Show older events
            </button>
          )}
        </>
      )}
    </Section>
  );
}

import { Governed, useDenial } from '../../lib/governed';
import { formatDate, humanise } from '../../lib/format';
import type { SocialCareData } from './query';

const P = ['person', 'socialCare', 'childProtection'];

/**
 * The child protection / looked-after flag, as unscheduled care must see it (CP-IS): impossible to
 * miss, with who to call now.
 */
export function CpBanner({ cp }: { cp: SocialCareData['childProtection'] }) {
  const denial = useDenial(P);
  if (denial || !cp) return null;
  const flags = [
    cp.onPlan &&
      `Child protection plan${cp.category ? ` (${humanise(cp.category)})` : ''}${cp.planStart ? ` since ${formatDate(cp.planStart)}` : ''}`,
    cp.lookedAfter &&
      `Looked-after child${cp.lookedAfterSince ? ` since ${formatDate(cp.lookedAfterSince)}` : ''}`,
    cp.unbornChildPlan &&
      `Unborn child protection plan${cp.expectedDeliveryDate ? `, expected delivery ${formatDate(cp.expectedDeliveryDate)}` : ''}`,
  ].filter((x): x is string => typeof x === 'string');
  if (flags.length === 0) return null;
  const borough = cp.responsibleBorough;
  return (
    <section className="cp-banner" aria-labelledby="cp-banner-title" data-testid="cp-banner">
      <h2 id="cp-banner-title">
        <span aria-hidden="true">⚠ </span>
        {flags.join(' · ')}
      </h2>
      <div className="cp-banner-contacts">
        <div>
          <h3>Contact about this child</h3>
          <Governed path={[...P, 'contact']} value={cp.contact}>
            {(c) => (
              <p>
                <strong>{c.name}</strong>
                {c.team ? `, ${c.team}` : ''}
                <br />
                <Governed path={[...P, 'contact', 'phone']} value={c.phone}>
                  {(phone) => <a href={`tel:${phone.replace(/\s/g, '')}`}>{phone}</a>}
                </Governed>
                {c.email && (
                  <>
                    <br />
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </>
                )}
              </p>
            )}
          </Governed>
        </div>
        <div>
          <h3>Responsible borough</h3>
          <Governed path={[...P, 'responsibleBorough']} value={borough}>
            {(b) => (
              <p>
                <strong>{b.name}</strong>
                <br />
                Duty team:{' '}
                <Governed path={[...P, 'responsibleBorough', 'dutyTeamPhone']} value={b.dutyTeamPhone}>
                  {(phone) => <a href={`tel:${phone.replace(/\s/g, '')}`}>{phone}</a>}
                </Governed>
              </p>
            )}
          </Governed>
        </div>
      </div>
      <p className="cp-banner-note">
        Viewing this flag from unscheduled care tells the child&apos;s social worker (or the borough&apos;s
        duty team) who looked, where and when.
      </p>
    </section>
  );
}

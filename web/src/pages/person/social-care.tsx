import type { ReactNode } from 'react';
import { Section, SummaryList, Tag } from '../../components/ui';
import { ChangeNotices } from './corrections';
import { formatDate, formatDateTime, formatMoney, humanise } from '../../lib/format';
import { Governed, useDenial, DeniedBadge } from '../../lib/governed';
import type { PersonData } from './query';

const SC = ['person', 'socialCare'];

function Phone({ path, value }: { path: (string | number)[]; value: string | null }) {
  return (
    <Governed path={path} value={value}>
      {(phone) => <a href={`tel:${phone.replace(/\s/g, '')}`}>{phone}</a>}
    </Governed>
  );
}

/** The social care summary: who the worker is and how to reach them, case status, care package, CP status. */
export function SocialCareSection({ person, children }: { person: PersonData; children?: ReactNode }) {
  const denial = useDenial(SC);
  const sc = person.socialCare;
  return (
    <Section title="Social care" id="social-care">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : !sc ? (
        <Governed path={SC} value={sc} source="social-care" empty="Not known to social care" />
      ) : (
        <>
          <ChangeNotices notices={sc.changeNotices} />
          <SummaryList
            rows={[
              [
                'Case status',
                <Governed key="s" path={[...SC, 'caseStatus']} value={sc.caseStatus}>
                  {(s) => <Tag tone={s === 'CLOSED' ? 'grey' : 'blue'}>{humanise(s)}</Tag>}
                </Governed>,
              ],
              [
                'Allocated worker',
                <Governed
                  key="w"
                  path={[...SC, 'allocatedWorker']}
                  value={sc.allocatedWorker}
                  empty="Not allocated"
                >
                  {(w) => (
                    <>
                      <Governed path={[...SC, 'allocatedWorker', 'name']} value={w.name} />
                      {w.team && <span className="muted">, {w.team}</span>}
                      <br />
                      <Phone path={[...SC, 'allocatedWorker', 'phone']} value={w.phone} />
                      {w.email && (
                        <>
                          {' · '}
                          <a href={`mailto:${w.email}`}>{w.email}</a>
                        </>
                      )}
                    </>
                  )}
                </Governed>,
              ],
              [
                'Borough',
                <Governed key="b" path={[...SC, 'borough']} value={sc.borough}>
                  {(b) => (
                    <>
                      {b.name}
                      {b.dutyTeamPhone && (
                        <>
                          {' · duty team '}
                          <Phone path={[...SC, 'borough', 'dutyTeamPhone']} value={b.dutyTeamPhone} />
                        </>
                      )}
                    </>
                  )}
                </Governed>,
              ],
              [
                'Current care package',
                <Governed
                  key="p"
                  path={[...SC, 'currentCarePackage']}
                  value={sc.currentCarePackage}
                  empty="None in place"
                >
                  {(p) => (
                    <>
                      <strong>{humanise(p.kind)}</strong>: {p.description}
                      <br />
                      <span className="muted">
                        {[
                          p.provider,
                          p.hoursPerWeek ? `${p.hoursPerWeek} hours a week` : null,
                          p.startDate ? `since ${formatDate(p.startDate)}` : null,
                          p.weeklyCost ? `${formatMoney(p.weeklyCost)} a week` : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </>
                  )}
                </Governed>,
              ],
              [
                'Child protection',
                <Governed
                  key="cp"
                  path={[...SC, 'childProtection']}
                  value={sc.childProtection}
                  empty="No child protection or looked-after status"
                >
                  {(cp) =>
                    cp.onPlan || cp.lookedAfter || cp.unbornChildPlan ? (
                      <Tag tone="red">
                        {[
                          cp.onPlan && 'On a child protection plan',
                          cp.lookedAfter && 'Looked after',
                          cp.unbornChildPlan && 'Unborn child plan',
                        ]
                          .filter(Boolean)
                          .join(', ')}
                      </Tag>
                    ) : (
                      'No child protection or looked-after status'
                    )
                  }
                </Governed>,
              ],
              ['Client id', <Governed key="id" path={[...SC, 'clientId']} value={sc.clientId} />],
              [
                'Last updated',
                <Governed key="u" path={[...SC, 'updatedAt']} value={sc.updatedAt}>
                  {(d) => formatDateTime(d)}
                </Governed>,
              ],
            ]}
          />
          <SocialCareDetail sc={sc} />
        </>
      )}
      {children}
    </Section>
  );
}

function SocialCareDetail({ sc }: { sc: NonNullable<PersonData['socialCare']> }) {
  return (
    <>
      <h3>Services</h3>
      <Governed path={[...SC, 'services']} value={sc.services} empty="No services">
        {(list) => (
          <table className="table">
            <caption className="visually-hidden">Services</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Provider</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s, i) => (
                <tr key={s.id ?? i}>
                  <td>
                    <strong>{humanise(s.kind)}</strong>
                    <br />
                    {s.description}
                  </td>
                  <td>{s.provider}</td>
                  <td>{formatDate(s.startDate)}</td>
                  <td>{formatDate(s.endDate)}</td>
                  <td>{humanise(s.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Governed>
      <h3>Assessments</h3>
      <Governed path={[...SC, 'assessments']} value={sc.assessments} empty="No assessments">
        {(list) => (
          <ul className="plain-list">
            {list.map((a, i) => (
              <li key={a.id ?? i}>
                <strong>{humanise(a.kind)}</strong> ({humanise(a.status)}, {formatDate(a.startedOn)}
                {a.completedOn ? ` to ${formatDate(a.completedOn)}` : ''}){a.outcome ? `: ${a.outcome}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Governed>
      <h3>Contacts and carers</h3>
      <Governed path={[...SC, 'contacts']} value={sc.contacts} empty="No contacts recorded">
        {(list) => (
          <ul className="plain-list">
            {list.map((c, i) => (
              <li key={c.id ?? i}>
                <strong>{c.name}</strong> ({c.relationship}){c.isCarer ? ', unpaid carer' : ''}
                {c.isEmergencyContact ? ', emergency contact' : ''}
                {c.phone ? ` · ${c.phone}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Governed>
      <h3>Safeguarding alerts</h3>
      <Governed path={[...SC, 'safeguardingAlerts']} value={sc.safeguardingAlerts} empty="None">
        {(list) => (
          <ul className="plain-list">
            {list.map((a, i) => (
              <li key={a.id ?? i}>
                {formatDate(a.raisedOn)}: {a.concern} ({a.status})
              </li>
            ))}
          </ul>
        )}
      </Governed>
      <h3>Case notes</h3>
      <Governed path={[...SC, 'caseNotes']} value={sc.caseNotes} empty="No case notes">
        {(list) => (
          <ul className="notes">
            {list.map((n, i) => (
              <li key={n.id ?? i}>
                <p className="muted">
                  {formatDateTime(n.writtenAt)} · {n.author}
                </p>
                <p>{n.text}</p>
              </li>
            ))}
          </ul>
        )}
      </Governed>
    </>
  );
}

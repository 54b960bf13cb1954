import { useLazyQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Section, SummaryList, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import { formatDate, formatDateTime, humanise } from '../../lib/format';
import { DeniedBadge, errorsOf, Governed, useDenial } from '../../lib/governed';
import { download } from './transfer';
import type { PersonData } from './query';

const H = ['person', 'health'];
const F = ['person', 'healthFlags'];

/** The flags social care may see: enough to plan care, not the clinical record. */
export function HealthFlagsSection({ person }: { person: PersonData }) {
  const denial = useDenial(F);
  const f = person.healthFlags;
  return (
    <Section title="Health flags" id="health-flags">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : (
        <Governed path={F} value={f} source="health" empty="Not known to health">
          {(flags) => (
            <>
              <ul className="tag-list" aria-label="Flags">
                {flags.fallsRisk && (
                  <li>
                    <Tag tone="yellow">Falls risk</Tag>
                  </li>
                )}
                {flags.dementia && (
                  <li>
                    <Tag tone="purple">Dementia</Tag>
                  </li>
                )}
                {flags.learningDisability && (
                  <li>
                    <Tag tone="blue">Learning disability</Tag>
                  </li>
                )}
                {flags.endOfLife && (
                  <li>
                    <Tag tone="grey">End of life</Tag>
                  </li>
                )}
                {flags.recentAeAttendance && (
                  <li>
                    <Tag tone="red">A&amp;E {formatDate(flags.recentAeAttendance)}</Tag>
                  </li>
                )}
                {!flags.fallsRisk &&
                  !flags.dementia &&
                  !flags.learningDisability &&
                  !flags.endOfLife &&
                  !flags.recentAeAttendance && <li className="muted">No flags</li>}
              </ul>
              <SummaryList
                rows={[
                  [
                    'In hospital now',
                    <Governed
                      key="a"
                      path={[...F, 'currentAdmission']}
                      value={flags.currentAdmission}
                      empty="No"
                    >
                      {(a) => (
                        <>
                          {a.hospital}, admitted {formatDateTime(a.admittedAt)}; planned discharge{' '}
                          {formatDate(a.expectedDischargeDate)}
                          {a.delayedDays ? (
                            <>
                              {' '}
                              <Tag tone="red">Delayed {a.delayedDays} days</Tag>
                            </>
                          ) : null}
                        </>
                      )}
                    </Governed>,
                  ],
                ]}
              />
            </>
          )}
        </Governed>
      )}
    </Section>
  );
}

const FHIR = graphql(`
  query HealthFhirBundle($nhs: NhsNumber!) {
    person(nhsNumber: $nhs) {
      nhsNumber
      fhirBundle
    }
  }
`);

/** The health record as a FHIR R4 Bundle, holding only what this user may see, saved as a file. */
function FhirDownload({ nhs }: { nhs: string }) {
  const [load, { loading, error }] = useLazyQuery(FHIR);
  const [problem, setProblem] = useState<string | null>(null);
  async function run() {
    setProblem(null);
    const r = await load({ variables: { nhs } });
    const bundle = r.data?.person?.fhirBundle;
    if (bundle) download(`health-record-${nhs}.fhir.json`, bundle, 'application/fhir+json');
    else setProblem(errorsOf(r.error)[0]?.message ?? 'No health record to export');
  }
  return (
    <p>
      <button
        type="button"
        className="button button-small button-secondary"
        disabled={loading}
        onClick={() => void run()}
      >
        Download as FHIR R4 (JSON)
      </button>
      {(problem || error) && <span className="field-error"> {problem ?? errorsOf(error)[0]?.message}</span>}
    </p>
  );
}

/** The health record: practice, problems, medicines, allergies, encounters, observations. */
export function HealthSection({ person }: { person: PersonData }) {
  const denial = useDenial(H);
  const h = person.health;
  return (
    <Section title="Health record" id="health">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : !h ? (
        <Governed path={H} value={h} source="health" empty="Not known to a GP or hospital system" />
      ) : (
        <>
          <SummaryList
            rows={[
              [
                'Registered practice',
                <Governed key="p" path={[...H, 'registeredPractice']} value={h.registeredPractice}>
                  {(p) => (
                    <>
                      {p.name} ({p.odsCode}){p.phone ? ` · ${p.phone}` : ''}
                    </>
                  )}
                </Governed>,
              ],
              [
                'Sex',
                <Governed key="s" path={[...H, 'demographics']} value={h.demographics}>
                  {(d) => humanise(d.sex)}
                </Governed>,
              ],
              [
                'Allergies',
                <Governed
                  key="al"
                  path={[...H, 'allergies']}
                  value={h.allergies}
                  empty={h.noKnownAllergies ? 'No known allergies' : 'None recorded'}
                >
                  {(list) => (
                    <ul className="plain-list">
                      {list.map((a, i) => (
                        <li key={a.id ?? i}>
                          <strong>{a.substance}</strong>
                          {a.reaction ? `: ${a.reaction}` : ''}
                          {a.criticality === 'high' && (
                            <>
                              {' '}
                              <Tag tone="red">High criticality</Tag>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </Governed>,
              ],
              [
                'Clinical flags',
                <Governed key="cf" path={[...H, 'clinicalFlags']} value={h.clinicalFlags} empty="None">
                  {(list) => list.map((f) => f.display ?? humanise(f.kind)).join(', ')}
                </Governed>,
              ],
            ]}
          />
          <h3>Problems and diagnoses</h3>
          <Governed path={[...H, 'conditions']} value={h.conditions} empty="None recorded">
            {(list) => (
              <ul className="plain-list">
                {list.map((c, i) => (
                  <li key={c.id ?? i}>
                    <strong>{c.display}</strong>{' '}
                    <span className="muted">
                      ({c.clinicalStatus}
                      {c.onset ? `, since ${formatDate(c.onset)}` : ''})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Governed>
          <h3>Medications</h3>
          <Governed path={[...H, 'medications']} value={h.medications} empty="None recorded">
            {(list) => (
              <ul className="plain-list">
                {list.map((m, i) => (
                  <li key={m.id ?? i}>
                    <strong>{m.display}</strong>
                    {m.dosage ? `: ${m.dosage}` : ''} <span className="muted">({m.status})</span>
                  </li>
                ))}
              </ul>
            )}
          </Governed>
          <h3>Hospital encounters</h3>
          <Governed path={[...H, 'encounters']} value={h.encounters} empty="None">
            {(list) => (
              <table className="table">
                <caption className="visually-hidden">Hospital encounters</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Hospital</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e, i) => (
                    <tr key={e.id ?? i}>
                      <td>{formatDateTime(e.start)}</td>
                      <td>{humanise(e.kind)}</td>
                      <td>{e.hospital}</td>
                      <td>
                        <Governed path={[...H, 'encounters', i, 'reason']} value={e.reason} />
                      </td>
                      <td>
                        {humanise(e.status)}
                        {e.delayedDays ? (
                          <>
                            {' '}
                            <Tag tone="red">Delayed {e.delayedDays} days</Tag>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Governed>
          <h3>Observations</h3>
          <Governed path={[...H, 'observations']} value={h.observations} empty="None recorded">
            {(list) => (
              <ul className="plain-list">
                {list.slice(0, 10).map((o, i) => (
                  <li key={o.id ?? i}>
                    {o.display}: <strong>{o.value}</strong>{' '}
                    <span className="muted">({formatDateTime(o.effective)})</span>
                  </li>
                ))}
              </ul>
            )}
          </Governed>
          <FhirDownload nhs={person.nhsNumber} />
        </>
      )}
    </Section>
  );
}

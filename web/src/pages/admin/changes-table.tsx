import { FLOW_NAMES, ROLE_NAMES } from '../../lib/format';

export interface Change {
  coordinate: string | null;
  role: string | null;
  fromAccess: string | null;
  toAccess: string | null;
  fromConsent: string | null;
  toConsent: string | null;
}

const cell = (access: string | null, consent: string | null) =>
  `${access ?? 'deny'}${consent ? ` + consent (${FLOW_NAMES[consent] ?? consent})` : ''}`;

/** Cells changed between two policy versions, before → after. */
export function ChangesTable({ changes, caption }: { changes: readonly Change[]; caption: string }) {
  if (changes.length === 0) return <p className="muted">No cells differ.</p>;
  return (
    <table className="table table-compact">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Role</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={`${c.coordinate}-${c.role}-${i}`}>
            <td>
              <code>{c.coordinate}</code>
            </td>
            <td>{ROLE_NAMES[c.role ?? ''] ?? c.role}</td>
            <td>
              <del>{cell(c.fromAccess, c.fromConsent)}</del>
            </td>
            <td>
              <ins>{cell(c.toAccess, c.toConsent)}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

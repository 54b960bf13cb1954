import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Notice, SummaryList } from '../../components/ui';
import { graphql } from '../../generated';
import type { ImportTransferMutation } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { boroughName } from '../../lib/boroughs';
import { formatDateTime, formatNhsNumber, formatSectionCounts, normaliseNhsNumber } from '../../lib/format';
import { ErrorList } from '../../lib/governed';
import { Link } from '../../lib/router';
import { ExternalTransferList } from '../admin/external-transfers';

const IMPORT = graphql(`
  mutation ImportTransfer($input: TransferImportInput!) {
    importTransferredRecord(input: $input) {
      transferId
      status
      nhsNumber
      fromBorough
      toBorough
      clientId
      importedAt
      importedBy
      sectionCounts {
        assessments
        services
        caseNotes
        contacts
        safeguardingAlerts
      }
    }
  }
`);

type Receipt = NonNullable<ImportTransferMutation['importTransferredRecord']>;

/** ELSID: receive a record another borough exported: validated whole, or nothing is imported. */
export function TransferImportPage() {
  const [nhs, setNhs] = useState('');
  const [xml, setXml] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const action = useAction(IMPORT);

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    if (!f) return;
    setFileName(f.name);
    setXml(await f.text());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setReceipt(null);
    const n = normaliseNhsNumber(nhs);
    const p: Record<string, string> = {};
    if (!n) p.nhs = 'Enter the NHS number the file is about';
    if (!xml.trim()) p.xml = 'Choose the transfer file, or paste its XML';
    setProblems(p);
    if (Object.keys(p).length || !n) return;
    const r = await action.run({ input: { nhsNumber: n, xml } });
    if (r?.importTransferredRecord) setReceipt(r.importTransferredRecord);
  }

  // The import refuses a file with problems and lists them (with line numbers): show each one.
  const listed = action.errors.flatMap((e) => {
    const list = e.extensions?.problems;
    if (!Array.isArray(list)) return [e];
    return [
      e,
      ...list.map((p: unknown) => {
        const { line, message } = (p ?? {}) as { line?: number | null; message?: string };
        return { message: line ? `Line ${line}: ${message ?? ''}` : (message ?? String(p)) };
      }),
    ];
  });

  return (
    <Page title="Receive a transferred record" caption="Social care">
      <p>
        A record another borough exported for a person who moved here. It is checked against the transfer
        schema and matched by NHS number; if anything is wrong, nothing is imported and every problem is
        listed. A record from a borough outside this service waits for an IG admin to confirm it with the
        sender.
      </p>
      <ErrorList errors={listed} title="The record was not imported" />
      {receipt?.status === 'AWAITING_APPROVAL' && (
        <Notice tone="warning">
          <p>
            <strong>Held for approval.</strong> {boroughName(receipt.fromBorough)} is outside this service, so
            nothing here can check the file: an IG admin will confirm it with them before the record is
            imported. Until then nothing is imported for {formatNhsNumber(receipt.nhsNumber)}.
          </p>
          <SummaryList
            rows={[
              ['Transfer', receipt.transferId ?? ''],
              ['From', boroughName(receipt.fromBorough)],
              ['Submitted by', receipt.importedBy ?? ''],
            ]}
          />
        </Notice>
      )}
      {receipt?.status === 'IMPORTED' && (
        <Notice tone="success">
          <p>
            <strong>Imported.</strong> {boroughName(receipt.toBorough)} is now responsible for{' '}
            <Link to={`/people/${receipt.nhsNumber}`}>{formatNhsNumber(receipt.nhsNumber)}</Link>.
          </p>
          <SummaryList
            rows={[
              ['Transfer', receipt.transferId ?? ''],
              ['From', boroughName(receipt.fromBorough)],
              ['New client id', receipt.clientId ?? ''],
              ['Imported', `${formatDateTime(receipt.importedAt)} by ${receipt.importedBy ?? ''}`],
              ['Came with', formatSectionCounts(receipt.sectionCounts)],
            ]}
          />
        </Notice>
      )}
      <form onSubmit={submit} noValidate className="card" aria-label="Import a transferred record">
        <FormField label="NHS number of the person" error={problems.nhs}>
          {(p) => (
            <input
              {...p}
              className="input-medium"
              inputMode="numeric"
              value={nhs}
              onChange={(e) => setNhs(e.target.value)}
            />
          )}
        </FormField>
        <FormField
          label="Transfer file (XML)"
          hint={fileName ? `Chosen: ${fileName}` : undefined}
          error={problems.xml}
        >
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".xml,application/xml,text/xml"
              onChange={(e) => void choose(e)}
            />
          )}
        </FormField>
        <FormField label="Or paste the XML">
          {(p) => (
            <textarea
              {...p}
              className="code-input"
              rows={8}
              spellCheck={false}
              value={xml}
              onChange={(e) => setXml(e.target.value)}
            />
          )}
        </FormField>
        <button type="submit" className="button" disabled={action.loading}>
          {action.loading ? 'Importing…' : 'Import the record'}
        </button>
      </form>
      {/* Remounted after each import, so a file just held shows in the list at once. */}
      <ExternalTransferList key={receipt?.transferId ?? ''} decide={false} />
    </Page>
  );
}

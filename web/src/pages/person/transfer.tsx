import { useState, type FormEvent } from 'react';
import { FormField, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import type { ExportTransferMutation } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { boroughName, BOROUGHS } from '../../lib/boroughs';
import { formatDateTime } from '../../lib/format';
import { ErrorList } from '../../lib/governed';

const EXPORT = graphql(`
  mutation ExportTransfer($input: TransferExportInput!) {
    exportRecordForTransfer(input: $input) {
      transferId
      toBorough
      exportedAt
      schemaVersion
      xml
      fhirBundle
    }
  }
`);

/** Offers a file the browser made from text, so nothing personal is written to a server. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type File = NonNullable<ExportTransferMutation['exportRecordForTransfer']>;

/** ELSID: the borough that holds the record exports it for the borough the person moved to. */
export function TransferExport({ nhs, ownBorough }: { nhs: string; ownBorough: string | null }) {
  const others = BOROUGHS.filter((b) => b.code !== ownBorough);
  const [to, setTo] = useState(others[0]?.code ?? '');
  const [file, setFile] = useState<File | null>(null);
  const action = useAction(EXPORT);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await action.run({ input: { nhsNumber: nhs, toBorough: to } });
    setFile(r?.exportRecordForTransfer ?? null);
  }
  return (
    <details className="subform">
      <summary>
        <h3 className="inline-heading">Transfer to another borough</h3>
      </summary>
      <form onSubmit={submit} noValidate className="inline-form" aria-label="Export for transfer">
        <FormField label="The borough the person moved to">
          {(p) => (
            <select {...p} value={to} onChange={(e) => setTo(e.target.value)}>
              {others.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <button type="submit" className="button button-secondary" disabled={action.loading}>
          Export the record
        </button>
      </form>
      <ErrorList errors={action.errors} title="The record was not exported" />
      {file && (
        <Notice tone="success">
          <p>
            Transfer {file.transferId} for {boroughName(file.toBorough)} exported{' '}
            {formatDateTime(file.exportedAt)} (transfer schema {file.schemaVersion}). Send the file to the
            receiving borough; your access ends when they import it.
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={() => download(`transfer-${file.transferId}.xml`, file.xml ?? '', 'application/xml')}
          >
            Download the transfer file (XML)
          </button>{' '}
          {file.fhirBundle && (
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() =>
                download(
                  `transfer-${file.transferId}.fhir.json`,
                  file.fhirBundle ?? '',
                  'application/fhir+json',
                )
              }
            >
              Download as FHIR R4 (JSON)
            </button>
          )}
        </Notice>
      )}
    </details>
  );
}

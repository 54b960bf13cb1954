import { useState, type FormEvent } from 'react';
import { FormField, Notice, Section } from '../../components/ui';
import { graphql } from '../../generated';
import { useAction } from '../../lib/actions';
import { formatDateTime } from '../../lib/format';
import { ErrorList } from '../../lib/governed';

const DECLARE = graphql(`
  mutation DeclarePresence($nhs: NhsNumber!, $location: String!) {
    declarePresence(nhsNumber: $nhs, location: $location) {
      location
      until
    }
  }
`);

/** Unscheduled care says the person is in front of them: opens their role's related fields, audited. */
export function PresenceSection({ nhs, onDeclared }: { nhs: string; onDeclared: (message: string) => void }) {
  const [location, setLocation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(DECLARE);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!location.trim()) {
      setError('Say where the person is, for example "A&E majors cubicle 4"');
      return;
    }
    setError(null);
    const r = await action.run({ nhs, location: location.trim() });
    if (r?.declarePresence) {
      const message = `Presence declared at ${r.declarePresence.location} until ${formatDateTime(r.declarePresence.until)}.`;
      setDone(message);
      // This form goes once the record opens: the page keeps the confirmation.
      onDeclared(message);
    }
  }

  return (
    <Section title="Declare the person is present" id="presence">
      {done && <Notice tone="success">{done}</Notice>}
      <p>
        Declaring that this person is in front of you opens their record to your role for this attendance. It
        is audited.
      </p>
      <ErrorList errors={action.errors} title="Presence was not declared" />
      <form onSubmit={submit} noValidate className="inline-form">
        <FormField label="Where is the person?" error={error}>
          {(p) => (
            <input
              {...p}
              value={location}
              onChange={(e) => setLocation(e.target.value)}
              placeholder="A&E majors cubicle 4"
            />
          )}
        </FormField>
        <button type="submit" className="button" disabled={action.loading}>
          Declare present
        </button>
      </form>
    </Section>
  );
}

import { useMutation } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { Page } from '../components/page';
import { FormField, Notice } from '../components/ui';
import { graphql } from '../generated';
import { formatDateTime } from '../lib/format';
import { errorsOf, type GqlError } from '../lib/governed';
import { navigate } from '../lib/router';
import { sessionStore } from '../lib/session';

const LOGIN = graphql(`
  mutation SignIn($username: String!, $password: String!, $otp: String!) {
    login(username: $username, password: $password, otp: $otp) {
      accessToken
      expiresAt
      user {
        username
        name
        role
        org
        orgName
        team
      }
    }
  }
`);

type Problem = { field: 'username' | 'password' | 'otp' | null; text: string };

/** The sign-in failure in words the user can act on, from the error's stable code and reason. */
function problemOf(errors: readonly GqlError[]): Problem {
  const e = errors[0];
  const code = e?.extensions?.code;
  const reason = e?.extensions?.reason;
  if (code === 'ACCOUNT_LOCKED') {
    const until = e.extensions?.lockedUntil ? formatDateTime(String(e.extensions.lockedUntil)) : null;
    return {
      field: null,
      text: `This account is locked after repeated failed attempts.${until ? ` Try again after ${until}.` : ''} Ask your IG team if you need access sooner.`,
    };
  }
  if (reason === 'wrong_code')
    return {
      field: 'otp',
      text: 'The one-time code is wrong, expired or already used. Wait for the next code from your authenticator and try again.',
    };
  if (reason === 'wrong_credentials')
    return { field: 'password', text: 'The user name or password is wrong.' };
  return { field: null, text: e?.message ?? 'Sign in failed. Try again.' };
}

export function SignInPage({ notice }: { notice: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [login, { loading }] = useMutation(LOGIN);
  const summary = useRef<HTMLDivElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const need: Record<string, string> = {};
    if (!username.trim()) need.username = 'Enter your user name';
    if (!password) need.password = 'Enter your password';
    if (!/^\d{6}$/.test(otp.trim())) need.otp = 'Enter the 6-digit code from your authenticator';
    setMissing(need);
    setProblem(null);
    if (Object.keys(need).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const r = await login({ variables: { username: username.trim(), password, otp: otp.trim() } });
    const result = r.data?.login;
    if (result?.accessToken && result.user) {
      const u = result.user;
      sessionStore.signIn({
        token: result.accessToken,
        expiresAt: result.expiresAt,
        user: {
          username: u.username ?? username,
          name: u.name ?? username,
          role: u.role ?? 'anonymous',
          org: u.org ?? '',
          orgName: u.orgName,
          team: u.team,
        },
      });
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
      return;
    }
    setOtp('');
    setProblem(problemOf(errorsOf(r.error)));
    requestAnimationFrame(() => summary.current?.focus());
  }

  const fieldError = (f: 'username' | 'password' | 'otp') =>
    missing[f] ?? (problem?.field === f ? problem.text : null);
  const messages = [...Object.values(missing), ...(problem ? [problem.text] : [])];

  return (
    <div className="narrow">
      <Page title="Sign in">
        {notice && <Notice tone="warning">{notice}</Notice>}
        {messages.length > 0 && (
          <div
            className="error-summary"
            role="alert"
            tabIndex={-1}
            ref={summary}
            aria-labelledby="signin-problem"
          >
            <h2 className="error-summary-title" id="signin-problem">
              There is a problem
            </h2>
            <ul>
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        )}
        <form onSubmit={submit} noValidate className="card">
          <FormField label="User name" error={fieldError('username')}>
            {(p) => (
              <input
                {...p}
                name="username"
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            )}
          </FormField>
          <FormField label="Password" error={fieldError('password')}>
            {(p) => (
              <input
                {...p}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </FormField>
          <FormField
            label="One-time code"
            hint="The 6-digit code from your authenticator app or smart token"
            error={fieldError('otp')}
          >
            {(p) => (
              <input
                {...p}
                name="otp"
                className="input-short"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={otp}
                onChange={(e) => setOtp(e.target.value.replace(/\D/g, ''))}
              />
            )}
          </FormField>
          <button type="submit" className="button" disabled={loading}>
            {loading ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="hint">
          Access is audited. Use only your own account, and only for the care of people you support.
        </p>
      </Page>
    </div>
  );
}

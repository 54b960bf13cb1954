/**
 * The signed-in session: the bearer token lives in sessionStorage (gone when the tab closes, never
 * shared between tabs), readable both by React and by the Apollo link that sends it.
 */
export interface SessionUser {
  username: string;
  name: string;
  role: string;
  org: string;
  orgName: string | null;
  team: string | null;
}

export interface Session {
  token: string;
  expiresAt: string | null;
  user: SessionUser;
}

export interface SessionState {
  session: Session | null;
  /** Why the user was sent back to sign in, shown on the sign-in page. */
  notice: string | null;
}

const KEY = 'care.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let state: SessionState = { session: load(), notice: null };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  if (next.session) sessionStorage.setItem(KEY, JSON.stringify(next.session));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export const sessionStore = {
  get: (): SessionState => state,
  token: (): string | null => state.session?.token ?? null,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(session: Session): void {
    set({ session, notice: null });
  },
  /** Ends the session; `notice` tells the user why on the sign-in page. */
  end(notice: string | null = null): void {
    if (!state.session && state.notice === notice) return;
    set({ session: null, notice });
  },
};

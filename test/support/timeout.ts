// Whole-stack tests start every service in their hooks, which on a busy 2-core machine can take
// longer than Jest's 5 s default. `testTimeout` in a project's config is ignored (it is a global
// option), so the stack project sets it here.
jest.setTimeout(60_000);

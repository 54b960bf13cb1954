/** Served at / until the web front end is built: where everything is. */
export function landingPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Care record gateway</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}code{background:#f0f0f0;padding:0 .25rem}</style></head>
<body><h1>Integrated care record gateway</h1>
<p>The GraphQL endpoint is <a href="/graphql"><code>/graphql</code></a>. Health: <a href="/health"><code>/health</code></a>. Metrics: <a href="/metrics"><code>/metrics</code></a>.</p>
<p>The web application has not been built in this checkout: <code>npm start</code> builds it.</p>
</body></html>`;
}

import { composeSupergraph, readSupergraph, SUBGRAPH_SOURCES } from './supergraph';

describe('supergraph.graphql', () => {
  it('is exactly what a fresh composition of the subgraph schemas gives (run `npm run compose` when this fails)', () => {
    expect(readSupergraph()).toBe(composeSupergraph());
  });

  it('joins every subgraph, with Person keyed by NHS number', () => {
    const sdl = readSupergraph();
    for (const s of SUBGRAPH_SOURCES) expect(sdl).toContain(`name: "${s.name}"`);
    expect(sdl).toMatch(/type Person[^{]*@join__type\(graph: HEALTH, key: "nhsNumber"\)/);
  });
});

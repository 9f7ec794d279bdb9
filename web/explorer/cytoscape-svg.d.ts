// cytoscape-svg ships no types: its default export registers `cy.svg()` (typed in exports.ts).
declare module 'cytoscape-svg' {
  const register: (cytoscape: unknown) => void;
  export default register;
}

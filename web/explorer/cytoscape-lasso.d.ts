// cytoscape-lasso ships no types: its default export registers `cy.lassoSelectionEnabled()`
// (typed where explore.ts calls it).
declare module 'cytoscape-lasso' {
  const register: (cytoscape: unknown) => void;
  export default register;
}

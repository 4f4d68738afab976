// The package's browser build (one self-contained ES module: its main entry
// imports CommonJS dependencies the test server does not convert) has no
// types of its own; it exports what the main entry does.
declare module '@guidepup/virtual-screen-reader/browser.js' {
  export * from '@guidepup/virtual-screen-reader';
}

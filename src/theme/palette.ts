/**
 * The palette, written once: every public `--omni-*` token with its default.
 * A colour holds its light and its dark value together, written as
 * `light-dark(light, dark)`: the value follows the `color-scheme` that each
 * element sets from its theme (internal/tokens.styles.ts), so light and dark
 * are one vocabulary by construction and no block is written twice.
 *
 * Read by the elements (internal/tokens.styles.ts: the defaults of their
 * private tokens) and by the build, which writes `themeCss()` as the
 * package's `omni-notify/theme.css` (vite.config.ts). No DOM, no Lit: the
 * build config imports it.
 */

/** A colour in the light and in the dark theme. */
export type LightDark = readonly [light: string, dark: string];

/**
 * Colour tokens. Text on its background (on-surface, danger and the muted
 * mix on surface; on-accent on accent) meets WCAG AA (4.5:1) in both themes:
 * test/elements/theme-a11y.test.ts checks it.
 */
export const colours = {
  surface: ['#ffffff', '#292929'],
  'on-surface': ['#1f1f1f', '#ffffff'],
  accent: ['#0f6cbd', '#479ef5'],
  'on-accent': ['#ffffff', '#0a0a0a'],
  danger: ['#b10e1c', '#ff9a9a'],
  border: ['#c7c7c7', '#5c5c5c'],
} as const satisfies Record<string, LightDark>;

/** `light-dark(light, dark)`: one value for both themes. */
export const lightDark = ([light, dark]: LightDark) => `light-dark(${light}, ${dark})`;

/** Every public token (its name without `--omni-`) and its default value. */
export const tokenDefaults: Readonly<Record<string, string>> = {
  radius: '8px',
  font: "'Segoe UI', system-ui, -apple-system, sans-serif",
  gap: '12px',
  ...Object.fromEntries(Object.entries(colours).map(([name, pair]) => [name, lightDark(pair)])),
  shadow: `0 8px 24px ${lightDark(['rgb(0 0 0 / 0.16)', 'rgb(0 0 0 / 0.5)'])}, 0 1px 3px ${lightDark(['rgb(0 0 0 / 0.12)', 'rgb(0 0 0 / 0.4)'])}`,
};

/** The elements whose tokens theme.css sets. */
const ELEMENTS = 'omni-notification-host, omni-alert, omni-toast, omni-missed-banner';

/**
 * The text of `omni-notify/theme.css`: every public token with its default,
 * scoped with `:where()` so that it changes nothing until a page edits it.
 */
export function themeCss(): string {
  const declarations = Object.entries(tokenDefaults).map(([name, value]) => `  --omni-${name}: ${value};`);
  return `/*
 * omni-notify theme: every public token with its default value. The elements
 * already use these values without this file; import it
 * (\`omni-notify/theme.css\`, or dist/theme.css) as the starting point of a
 * page's own theme: copy it, change values, keep the names.
 *
 * A colour is \`light-dark(light value, dark value)\`: each element picks one
 * by its theme (\`theme="light|dark|system"\`; the host's and the banner's
 * effective theme: their own \`theme\`, else the server settings'; \`system\`
 * follows the operating system). A single colour serves both themes.
 * \`:where()\` keeps the specificity at zero, so any rule of the page wins.
 * Light and dark meet WCAG AA contrast; keep it so when you change them.
 *
 * Generated from src/theme/palette.ts by the build.
 */

:where(${ELEMENTS}) {
${declarations.join('\n')}
}
`;
}

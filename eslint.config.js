// A file's folder says what it may import (docs/architecture.md). The folder rules below enforce it.
// Flat config replaces a rule's options per matching block rather than merging them, so each folder states
// its complete list in one block, and no file matches two of them.
import { builtinModules } from 'node:module'
import { defineConfig } from 'eslint/config'
import { builtinRules } from 'eslint/use-at-your-own-risk'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import svelteConfig from './svelte.config.js'

// Regexes, not gitignore-style groups: a group like 'domain' (a Node built-in) would also match './domain'.
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const ELECTRON = '^electron(/|$)'
const NODE_BUILTIN = `^(node:|(${builtinModules.map(escape).join('|')})(/|$))`
const NO_ELECTRON = { regex: ELECTRON, message: 'the core runs in plain Node: never import electron here' }
/** Relative imports that climb into one of these top-level folders of src/ (e.g. '../../main/window'). */
const upward = (folders) =>
  folders.map((folder) => ({
    regex: `^(\\.\\./)+${folder}(/|$)`,
    message: `a lower layer never imports src/${folder} (the house: docs/architecture.md)`,
  }))

// ESLint's own recommended set, read from the rules' metadata: @eslint/js (which merely lists the same
// names) is not a dependency of this project.
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
)

export default defineConfig([
  { ignores: ['out/', 'dist/', 'node_modules/', 'artifacts/', 'test-results/', 'playwright-report/'] },

  { files: ['**/*.{js,mjs,ts,svelte}'], rules: eslintRecommended },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    extends: [tseslint.configs.recommended, svelte.configs.recommended],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
    // TypeScript checks what these core rules guess at (undefined names, redeclared overloads).
    rules: {
      ...tseslint.configs.eslintRecommended.rules,
      // `let { a } = $props()` is how Svelte 5 declares props; svelte/prefer-const knows the runes.
      'prefer-const': 'off',
      'svelte/prefer-const': 'error',
      // It flags every Map/Set that is written to, including a scratch Map grouping rows inside a $derived.by,
      // which is not state and must not become a SvelteMap. It still catches a plain Map put in $state, so it
      // stays visible as a warning rather than off.
      'svelte/prefer-svelte-reactivity': 'warn',
    },
  },
  {
    // Hostile-input tables (docs/style.md, Tests) build deliberately malformed data; `any` is the honest type there.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/renderer/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // `_unused` arguments are how a callback says it ignores a position (e.g. a permission handler).
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  {
    // The core and shared sit below every front: they never reach up into a shell, a preload, a UI or the CLI.
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ELECTRON, ...upward(['main', 'preload', 'renderer', 'cli'])] }] },
  },
  {
    // The CLI is a second front on the core: core and shared, never the Electron shell or the UI.
    files: ['src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ELECTRON, ...upward(['main', 'preload', 'renderer'])] }] },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Inside src/renderer every relative path that climbs out of it ends in one of these folders.
              regex: '^(\\.\\./)+(main|core|cli|preload)(/|$)',
              message: 'the renderer imports only src/shared and itself; it reaches the app through lib/api.ts (window.api)',
            },
            { regex: ELECTRON, message: 'the renderer reaches the app only through lib/api.ts, never electron' },
            {
              regex: NODE_BUILTIN,
              message: 'the renderer is sandboxed: Node modules do not exist there',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./shared/[^/]+$)',
              message: 'the preload is contextBridge only: it may import electron and ../shared/* and nothing else',
            },
          ],
        },
      ],
    },
  },
])

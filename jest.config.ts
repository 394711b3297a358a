import type { Config } from 'jest';

/** ESM-only packages Jest's CommonJS runtime cannot load untransformed. */
const ESM_PACKAGES = ['@apidevtools/json-schema-ref-parser', 'jose'];

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.m?js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  // The Forge globals must exist before any test file imports @forge/api (it captures fetch on load).
  setupFiles: ['<rootDir>/test/setup/forge-globals.ts'],
  // A guard against a hung test, not a speed check (speed is `npm run bench`): scenario tests that
  // replay fault-mode retries take tens of seconds on a busy 2-core machine.
  testTimeout: 120_000,
};

export default config;

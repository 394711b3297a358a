import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The Forge globals must exist before any test file imports @forge/api (it captures fetch on load).
  setupFiles: ['<rootDir>/test/setup/forge-globals.ts'],
  testTimeout: 30_000,
};

export default config;

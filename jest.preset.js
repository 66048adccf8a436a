// One jest configuration for every project: `unit` runs *.spec.ts beside the code (pure, no I/O);
// `integration` runs *.int.spec.ts against the real broker and Redis that `npm test` brings up.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

function project(dir, displayName, testMatch, extra = {}) {
  return {
    displayName,
    rootDir: dir,
    testEnvironment: 'node',
    transform,
    moduleNameMapper,
    testMatch,
    ...extra,
  };
}

/** Jest config for the project in `dir` (its jest.config.js passes __dirname). */
module.exports = function projectJestConfig(dir) {
  return {
    projects: [
      project(dir, 'unit', ['<rootDir>/**/*.spec.ts'], { testPathIgnorePatterns: ['\\.int\\.spec\\.ts$'] }),
      // jest-circus reads only the global testTimeout, so a project's own is set by a setup file.
      project(dir, 'integration', ['<rootDir>/**/*.int.spec.ts'], {
        setupFilesAfterEnv: [path.join(root, 'tools/jest/integration-timeout.js')],
      }),
    ],
  };
};

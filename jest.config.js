/**
 * digest-fetch 3 ships as ES modules only. Node >= 20.19 loads it through require(esm) in the
 * plugin and in programs, but jest's CommonJS module loader cannot, so jest (and only jest)
 * transforms that one package to CommonJS with ts-jest (allowJs). Everything else in
 * node_modules is left untouched.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
    "^.+/node_modules/digest-fetch/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs", esModuleInterop: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!digest-fetch/)"],
  globalSetup: "<rootDir>/tests/helpers/global-setup.js",
  testTimeout: 60000,
};

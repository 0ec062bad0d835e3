// ESLint: Next.js's rules (core web vitals, React, hooks) and the TypeScript rules.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Generated files and build output.
    ignores: ['.next/**', 'node_modules/**', 'next-env.d.ts', 'src/lib/api-schema.ts', 'src/lib/api-forms.ts'],
  },
  {
    // Node's CommonJS entry points (the container's start and health check scripts).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

export default config;

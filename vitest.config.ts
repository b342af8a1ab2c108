import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // The ROS 2 suite (`npm run test:ros2`, vitest.ros2.config.ts) runs with ROS 2 sourced.
    exclude: ['**/node_modules/**', '**/*.ros2.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

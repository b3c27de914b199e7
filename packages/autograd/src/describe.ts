/** Short descriptions of values for error messages: core's one implementation (see `@tapegrad/core` describe.ts). */
export { describeValue } from '@tapegrad/core/internal';

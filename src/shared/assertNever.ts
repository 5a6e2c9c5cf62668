/** Exhaustiveness check for switches over discriminated unions; its own module so the webview bundle can use it without zod. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

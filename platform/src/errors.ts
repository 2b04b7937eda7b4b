/**
 * A failure that stops the product from starting, worded for the operator: what went wrong and
 * what to do about it, on one line. `main` prints `message` and exits; it never prints a stack.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/**
 * The error hierarchy. Every failure that reaches a user carries a stable `code`
 * (for scripts and the web app), an HTTP status, and a message that names what is wrong.
 * One central handler each (http/error-handler.ts; cli/runtime.ts `report`) turns these into responses.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.likelihood`. */
  path: string;
  message: string;
}

export class TttError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(
    code: string,
    status: number,
    message: string,
    options: { cause?: unknown; details?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = options.details;
  }
}

/** Input failed validation: 400 over HTTP, exit 2 on the CLI. */
export class ValidationError extends TttError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[] = []) {
    super("validation_failed", 400, message, { details: issues });
    this.issues = issues;
  }
}

export class NotFoundError extends TttError {
  constructor(what: string, id: string) {
    super("not_found", 404, `${what} '${id}' does not exist`);
  }
}

/** The request is well formed but conflicts with the current state (frozen version, open round…). */
export class ConflictError extends TttError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}

export class UnauthenticatedError extends TttError {
  constructor(message = "authentication required") {
    super("unauthenticated", 401, message);
  }
}

export class ForbiddenError extends TttError {
  constructor(message: string) {
    super("forbidden", 403, message);
  }
}

export function isTttError(err: unknown): err is TttError {
  return err instanceof TttError;
}

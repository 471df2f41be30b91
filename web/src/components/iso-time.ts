const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Why a typed time is not an ISO 8601 time with its zone, or null when it is one. */
export function isoTimeProblem(s: string): string | null {
  const t = s.trim();
  if (!ISO.test(t) || Number.isNaN(Date.parse(t)))
    return "expected an ISO 8601 time with its zone, e.g. 2024-09-03T08:00:00Z";
  return null;
}

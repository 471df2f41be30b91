/** 201 Created for POSTs that make something; the handler stays a one-liner. */
export function created<T>(
  reply: { status(code: number): unknown },
  value: Promise<T>,
): Promise<T> {
  reply.status(201);
  return value;
}

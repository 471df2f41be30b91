/** zod schemas of the SSF endpoints' input (SSF 1.0 §8, RFC 8936 poll requests). */
import { z } from "zod";
import { isLoopbackHost } from "../../accounts/index.js";
import { DELIVERY_METHODS, PUSH_METHOD, STREAM_STATUSES } from "./stream.model.js";

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
const line = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL.test(s), "must not contain control characters or line breaks");

export const StreamId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "not a stream id");
const Jti = z.string().min(1).max(200);

/** Push endpoints: https, or http on a loopback address (the header may carry a credential). */
const EndpointUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(2000)
  .refine(
    (u) => !URL.canParse(u) || u.startsWith("https://") || isLoopbackHost(new URL(u).hostname),
    "must be https:// (http:// only on a loopback address)",
  );

const Delivery = z
  .strictObject({
    method: z.enum(DELIVERY_METHODS, {
      error: `must be "${DELIVERY_METHODS[0]}" (poll) or "${DELIVERY_METHODS[1]}" (push)`,
    }),
    endpoint_url: EndpointUrl.optional(),
    authorization_header: line(4096).min(1).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.method === PUSH_METHOD && d.endpoint_url === undefined)
      ctx.addIssue({ code: "custom", path: ["endpoint_url"], message: "required for push" });
  });

/**
 * Receiver-supplied properties; the transmitter-supplied ones a receiver may echo back from a
 * configuration it read (SSF 1.0 §8.1.1) are accepted and ignored.
 */
const fields = {
  delivery: Delivery.optional(),
  events_requested: z.array(z.string().min(1).max(300)).max(100).optional(),
  description: line(1000).nullable().optional(),
  iss: z.unknown().optional(),
  aud: z.unknown().optional(),
  events_supported: z.unknown().optional(),
  events_delivered: z.unknown().optional(),
  min_verification_interval: z.unknown().optional(),
};

export const CreateStreamBody = z.strictObject(fields);
export const UpdateStreamBody = z.strictObject({ stream_id: StreamId, ...fields });
export type StreamInput = z.infer<typeof CreateStreamBody>;

export const StreamIdQuery = z.strictObject({ stream_id: StreamId.optional() });
export const RequiredStreamIdQuery = z.strictObject({ stream_id: StreamId });
/** The delivery overview takes no parameters; any given is refused, not ignored. */
export const DeliveryOverviewQuery = z.strictObject({});

export const StatusBody = z.strictObject({
  stream_id: StreamId,
  status: z.enum(STREAM_STATUSES),
  reason: line(1000).optional(),
});

export const SubjectBody = z.strictObject({
  stream_id: StreamId,
  subject: z
    .record(z.string(), z.unknown())
    .refine((s) => typeof s.format === "string" && s.format !== "", "needs a format")
    .refine((s) => JSON.stringify(s).length <= 4000, "is too large"),
  verified: z.boolean().optional(),
});

export const VerifyBody = z.strictObject({ stream_id: StreamId, state: line(1000).optional() });

/** RFC 8936 §2.4: the poll request. */
export const PollBody = z.strictObject({
  maxEvents: z.int().min(0).max(1000).optional(),
  returnImmediately: z.boolean().optional(),
  ack: z.array(Jti).max(10_000).optional(),
  setErrs: z
    .record(Jti, z.object({ err: line(100).min(1), description: line(2000).optional() }))
    .optional(),
});
export type PollRequest = z.infer<typeof PollBody>;

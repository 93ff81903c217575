/** Discord's JSON error bodies, with the codes Discord documents (JSON error codes table). */

/** An error the REST API answers with: HTTP status plus Discord's JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
  body(): Record<string, unknown> {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

export const unauthorized = (): ApiError => new ApiError(401, 0, "401: Unauthorized");
export const notFound = (): ApiError => new ApiError(404, 0, "404: Not Found");
export const unknownChannel = (): ApiError => new ApiError(404, 10003, "Unknown Channel");
export const unknownMessage = (): ApiError => new ApiError(404, 10008, "Unknown Message");
export const unknownWebhook = (): ApiError => new ApiError(404, 10015, "Unknown Webhook");
export const unknownMember = (): ApiError => new ApiError(404, 10007, "Unknown Member");
export const unknownUser = (): ApiError => new ApiError(404, 10013, "Unknown User");
export const unknownGuild = (): ApiError => new ApiError(404, 10004, "Unknown Guild");
export const unknownInteraction = (): ApiError => new ApiError(404, 10062, "Unknown interaction");
export const alreadyAcknowledged = (): ApiError =>
  new ApiError(400, 40060, "Interaction has already been acknowledged.");

/** 50035 Invalid Form Body, with Discord's nested `errors` shape for one field. */
export function invalidForm(path: string, code: string, message: string): ApiError {
  const errors: Record<string, unknown> = {};
  let node = errors;
  const parts = path.split(".");
  parts.forEach((part, i) => {
    if (i === parts.length - 1) node[part] = { _errors: [{ code, message }] };
    else {
      const next: Record<string, unknown> = {};
      node[part] = next;
      node = next;
    }
  });
  return new ApiError(400, 50035, "Invalid Form Body", errors);
}

import type { FastifyRequest } from "fastify";
import { badRequest } from "../http/problems.js";
import { QUEUE_RULE } from "../names.js";

/**
 * Routes with a queue in the path validate it here: the problem handler
 * answers every malformed path parameter with 404, which is right for a job
 * id that cannot exist, but a malformed queue name is bad input, a 400.
 * (`attachValidation` hands the failure to this hook instead of throwing it.)
 */
async function queueIsBadInput(request: FastifyRequest): Promise<void> {
  const failure = request.validationError;
  if (!failure) {
    return;
  }
  if (failure.validationContext === "params") {
    throw badRequest("queue", `must be ${QUEUE_RULE}`);
  }
  throw failure;
}

export const queueRoute = { attachValidation: true, preHandler: queueIsBadInput };

/** The rules for queue and job type names, shared by the API and the worker. */

export const MAX_NAME_LENGTH = 64;
export const NAME_PATTERN = "^[A-Za-z0-9_.-]+$";
// A queue name is also a path segment, and clients resolve the segments "." and
// ".." before sending (/queues/../jobs becomes /jobs): at least one character
// must not be a dot.
export const QUEUE_PATTERN = "^[A-Za-z0-9_.-]*[A-Za-z0-9_-][A-Za-z0-9_.-]*$";
export const QUEUE_RULE = "1 to 64 characters of A-Z, a-z, 0-9, _, . and -, not only dots";

const QUEUE = new RegExp(QUEUE_PATTERN);

export function isQueueName(value: string): boolean {
  return value.length <= MAX_NAME_LENGTH && QUEUE.test(value);
}

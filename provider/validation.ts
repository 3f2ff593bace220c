import type { z } from "zod";

// How schema failures read, the same for resource inputs and function arguments: each names the
// dotted path of the value and the rule it breaks (`recordParams.maxIdleTime: must be from 5 to 86400`).

export interface Failure {
  /** Dotted path of the value: `storageParams.cloudStorage.bucket`. */
  property: string;
  /** The message, starting with the path: `storageParams.cloudStorage.bucket: is required`. */
  reason: string;
}

/**
 * One failure per issue (and per unknown key). `owner` names what the values belong to, for
 * issues about the whole (`StreamIngest`, `dismissRoom`); `member` says what a top-level key is
 * not (`a StreamIngest input`, `an argument of dismissRoom`).
 */
export function issueFailures(issues: readonly z.core.$ZodIssue[], owner: string, member: string): Failure[] {
  const failures: Failure[] = [];
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    for (const key of keys) {
      const path = [...issue.path, ...(key ? [key] : [])].map(String);
      const parent = path.slice(0, -1).join(".");
      const reason = !key ? issue.message : parent ? `is not a member of ${parent}` : `is not ${member}`;
      failures.push({ property: path.join("."), reason: `${path.join(".") || owner}: ${reason}` });
    }
  }
  return failures;
}

/**
 * A call goes to one region, which must be one the API serves. `subject` is who needs it (`the
 * StreamIngest`, `dismissRoom`), `api` what serves it (`StreamIngest`, `DismissRoom`).
 */
export function regionFailures(region: unknown, regions: readonly string[], subject: string, api: string): Failure[] {
  if (region === undefined) {
    return [{ property: "region", reason: `region: not set: give ${subject} a region, or set trtc:region or TENCENTCLOUD_REGION` }];
  }
  if (typeof region === "string" && regions.includes(region)) return [];
  return [{ property: "region", reason: `region: ${api} is served only in ${regions.join(", ")}; got ${JSON.stringify(region)}` }];
}

import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** What credentials.ts needs of a secret rule (spec.ts FieldRule): zod-free, for the public declarations. */
export interface SecretRule {
  secret?: true;
  /** The part of a secret value previews may show (FieldRule.shown). */
  shown?: (value: string) => string;
}

// Credentials inside lists (a push URL's auth query, a feedback bot's UserSig) live in one secret
// top-level input instead of their lists. The engine keeps a secret nested in an object where it
// is, but makes a whole list secret when any element holds one (annotateSecrets in Pulumi's
// provider plugin), so a list change would preview as `[secret]` alone. With the credentials moved
// out, the lists stay plain: previews show which entries are added, removed or changed.

/** The input that holds the credentials taken out of lists, by the path they were taken from. */
export const CREDENTIALS_KEY = "credentials";

/** What stands in a list for the part of a value that is kept in CREDENTIALS_KEY. */
export const MASK = "[secret]";

type Props = Record<string, unknown>;

/** A secret member of every element of a list: `publishCdnParams[].publishCdnUrl`. */
export interface ListSecret {
  list: string;
  member: string;
  rule: SecretRule;
}

/** The secret paths outside lists (lists' own are ListSecrets), each as its keys: `[["userSig"], ["storageParams", "secretKey"]]`. */
export function objectSecretPaths(spec: { fields: Readonly<Record<string, SecretRule>>; nestedFields?: Readonly<Record<string, SecretRule>> }): string[][] {
  const rules = { ...spec.fields, ...spec.nestedFields };
  return Object.entries(rules)
    .filter(([path, rule]) => rule.secret && !path.includes("[]"))
    .map(([path]) => path.split("."));
}

const LIST_MEMBER = /^(\w+)\[\]\.(\w+)$/;

/** The spec's secret list members (its nestedFields rules with a `[]` segment). */
export function listSecrets(spec: { nestedFields?: Readonly<Record<string, SecretRule>> }): ListSecret[] {
  return Object.entries(spec.nestedFields ?? {}).flatMap(([path, rule]) => {
    const match = LIST_MEMBER.exec(path);
    return match && rule.secret ? [{ list: match[1], member: match[2], rule }] : [];
  });
}

/**
 * One list with its credentials masked (what the rule's `shown` allows stays, followed by MASK),
 * and the masked parts by path (`publishCdnParams[0].publishCdnUrl`). Anything not shaped as a
 * list of objects with string members is left as it is, for check to refuse.
 */
export function separate(secrets: readonly ListSecret[], list: string, value: unknown): { shown: unknown; hidden: Record<string, string> } {
  const members = secrets.filter((s) => s.list === list);
  const hidden: Record<string, string> = {};
  if (!Array.isArray(value) || members.length === 0) return { shown: value, hidden };
  const shown = value.map((element: unknown, i) => {
    if (!isObject(element)) return element;
    const copy = { ...element };
    for (const { member, rule } of members) {
      const secret = copy[member];
      if (typeof secret !== "string") continue;
      const kept = rule.shown?.(secret) ?? "";
      copy[member] = `${kept}${MASK}`;
      hidden[`${list}[${i}].${member}`] = secret.slice(kept.length);
    }
    return copy;
  });
  return { shown, hidden };
}

/** Props with every list's credentials moved into CREDENTIALS_KEY (absent when there are none). */
export function withCredentialsApart(secrets: readonly ListSecret[], props: Props): Props {
  const out: Props = { ...props };
  delete out[CREDENTIALS_KEY];
  const hidden: Record<string, string> = {};
  for (const list of new Set(secrets.map((s) => s.list))) {
    if (!(list in props)) continue;
    const separated = separate(secrets, list, props[list]);
    out[list] = separated.shown;
    Object.assign(hidden, separated.hidden);
  }
  return Object.keys(hidden).length > 0 ? { ...out, [CREDENTIALS_KEY]: hidden } : out;
}

const HIDDEN_PATH = /^(\w+)\[(\d+)\]\.(\w+)$/;

/**
 * Props with the credentials put back into their lists, as check validates them and requests carry
 * them. Props written before credentials were kept apart hold whole values and pass unchanged.
 * While the credentials are not known (a preview), neither are the lists they belong to.
 */
export function withCredentialsIn(secrets: readonly ListSecret[], props: Props): Props {
  const { [CREDENTIALS_KEY]: hidden, ...out } = props;
  if (hidden === undefined) return out;
  if (hidden === unknownValue) {
    for (const list of new Set(secrets.map((s) => s.list))) if (list in out) out[list] = unknownValue;
    return out;
  }
  if (!isObject(hidden)) throw new Error(`${CREDENTIALS_KEY}: not the map of credentials pulumi-trtc writes`);
  for (const [path, secret] of Object.entries(hidden)) {
    const [, list, index, member] = HIDDEN_PATH.exec(path) ?? [];
    const elements = out[list];
    const element = Array.isArray(elements) ? elements[Number(index)] : undefined;
    const masked = isObject(element) ? element[member] : undefined;
    if (typeof secret !== "string" || typeof masked !== "string" || !masked.endsWith(MASK)) {
      throw new Error(`${CREDENTIALS_KEY}: ${path} does not match a masked member of ${list ?? "a list"}`);
    }
    const copy = [...(elements as unknown[])];
    copy[Number(index)] = { ...element, [member]: masked.slice(0, -MASK.length) + secret };
    out[list] = copy;
  }
  return out;
}

function isObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Tencent's UserSig generator ships no types; these are the calls we use.
declare module "tls-sig-api-v2" {
  export class Api {
    constructor(sdkAppId: number, key: string);
    /** A UserSig for `userId`, valid for `expireSeconds` from now. */
    genUserSig(userId: string, expireSeconds: number): string;
  }
}

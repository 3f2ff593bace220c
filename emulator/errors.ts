/** An error the emulator answers as `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * An error the Live engine REST API answers as `{"ActionStatus": "FAIL", "ErrorCode", "ErrorInfo",
 * "RequestId"}`: the REST API's common codes (60000-79999) or the command's own (100001 ...).
 */
export class LiveApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "LiveApiError";
  }
}

// Field-specific sub-codes from TRTC's error-code list ("Error Codes", TRTC API reference). A field
// whose sub-code is not listed gets the generic code, as the real service does.
const MISSING_FIELD_CODES = new Set([
  "AccessKey", "AppId", "Bucket", "CloudStorage", "CommId", "EndTs", "RecordMode", "RecordParams",
  "Region", "RoomId", "RoomNum", "SdkAppId", "SecretKey", "StartTs", "StorageParams", "StreamType",
  "TaskId", "UserId", "UserIds", "UserSig", "Vendor",
  "SliceParams", "SliceStorageParams", "SliceType",
]);
const INVALID_FIELD_CODES = new Set([
  "EncodeParams", "EndTs", "PageNumber", "PageSize", "RoomId", "SdkAppId", "StartTs", "StrRoomId",
  "StreamUrl", "TaskId", "UserId", "UserIds", "UserSig",
]);

/** Parameters whose sub-codes the list names otherwise: the monitoring APIs' StartTime is `StartTs` there. */
const CODE_NAMES: Readonly<Record<string, string>> = { StartTime: "StartTs", EndTime: "EndTs" };

/** `name` may be a nested parameter's path (StorageParams.CloudStorage.Bucket): the sub-code names its last part. */
function subCode(generic: string, documented: ReadonlySet<string>, name: string): string {
  const last = name.slice(name.lastIndexOf(".") + 1);
  const leaf = CODE_NAMES[last] ?? last;
  return documented.has(leaf) ? `${generic}.${leaf}` : generic;
}

export function missingParameter(name: string): ApiError {
  return new ApiError(subCode("MissingParameter", MISSING_FIELD_CODES, name), `The parameter ${name} is missing.`);
}

export function invalidParameter(name: string, reason: string): ApiError {
  return new ApiError(subCode("InvalidParameter", INVALID_FIELD_CODES, name), `The parameter ${name} is invalid: ${reason}.`);
}

export function outOfRange(name: string, reason: string): ApiError {
  return new ApiError("InvalidParameter.OutOfRange", `The parameter ${name} is out of range: ${reason}.`);
}

export function unknownParameter(name: string): ApiError {
  return new ApiError("UnknownParameter", `The parameter ${name} is not recognized.`);
}

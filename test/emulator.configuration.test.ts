// The configuration families of the emulator over real HTTP, called through Tencent's SDK: the
// Picture actions and the seven vocabulary actions with their documented limits, the control
// routes that change or delete an object as the console would, a restart keeping them with their
// ids, and downloadVocabulary as a script calls it.
import * as trtc from "../index";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const APP = 1400000001;
const suite = useFrozenEmulator();
/** The error code a call answers. */
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${suite.emulator.url}/_emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe("pictures", () => {
  const guangzhou = () => sdkClient(suite.emulator.url, { region: "ap-guangzhou" });
  const PICTURE = { SdkAppId: APP, Content: Buffer.from("png").toString("base64"), Suffix: "png", Height: 64, Width: 128, XPosition: 10, YPosition: 20 };

  test("create, describe one and all by pages, modify, delete; then gone", async () => {
    const client = guangzhou();
    const { PictureId: first } = (await client.request("CreatePicture", PICTURE)) as { PictureId: number };
    const { PictureId: second } = (await client.request("CreatePicture", { ...PICTURE, Suffix: "jpg" })) as { PictureId: number };
    expect(second).toBe(first + 1);
    const info = { PictureId: first, SdkAppId: APP, Height: 64, Width: 128, XPosition: 10, YPosition: 20 };
    expect(await client.request("DescribePicture", { SdkAppId: APP, PictureId: first })).toEqual({ Total: 1, PictureInfo: [info], RequestId: expect.any(String) });
    expect(await client.request("DescribePicture", { SdkAppId: APP, PageSize: 1, PageNo: 2 })).toMatchObject({ Total: 2, PictureInfo: [{ PictureId: second }] });
    await client.request("ModifyPicture", { SdkAppId: APP, PictureId: first, XPosition: 99 });
    expect(await client.request("DescribePicture", { SdkAppId: APP, PictureId: first })).toMatchObject({ PictureInfo: [{ ...info, XPosition: 99 }] });
    await client.request("DeletePicture", { SdkAppId: APP, PictureId: first });
    expect(await client.request("DescribePicture", { SdkAppId: APP, PictureId: first })).toMatchObject({ Total: 0, PictureInfo: [] });
    expect(await code(client.request("DeletePicture", { SdkAppId: APP, PictureId: first }))).toBe("InvalidParameter.PictureNotFound");
    expect(await code(client.request("ModifyPicture", { SdkAppId: APP, PictureId: first, XPosition: 1 }))).toBe("InvalidParameter");
  });

  test("refusals: content, suffix, region", async () => {
    const client = guangzhou();
    expect(await code(client.request("CreatePicture", { ...PICTURE, Content: "not base64!" }))).toBe("InvalidParameter");
    expect(await code(client.request("CreatePicture", { ...PICTURE, Suffix: "gif" }))).toBe("InvalidParameter.CheckSuffixFailed");
    expect(await code(client.request("CreatePicture", { ...PICTURE, Content: "A".repeat(2 * 1024 * 1024 + 4) }))).toBe("InvalidParameter.CheckContentFailed");
    expect(await code(suite.trtc.request("CreatePicture", PICTURE))).toBe("UnsupportedRegion");
  });

  test("the control routes change and delete a picture as the console would", async () => {
    const { PictureId } = (await guangzhou().request("CreatePicture", PICTURE)) as { PictureId: number };
    expect(await control("POST", `pictures/${PictureId}`, { width: 256 })).toMatchObject({ status: 200, body: { changed: { id: PictureId, width: 256, height: 64 } } });
    expect(await control("POST", `pictures/${PictureId}`, { width: -1 })).toMatchObject({ status: 400 });
    expect(await control("DELETE", `pictures/${PictureId}`)).toEqual({ status: 200, body: { pictures: [] } });
    expect(await control("DELETE", `pictures/${PictureId}`)).toMatchObject({ status: 404 });
  });
});

describe("vocabularies", () => {
  const WORDS = [{ Word: "TRTC", Weight: 11 }, { Word: "腾讯云", Weight: 100 }];
  const create = (params: Record<string, unknown> = {}) =>
    suite.trtc.request("CreateRecognizeVocabV3", { SdkAppId: APP, Name: "finals", WordWeights: WORDS, ...params }).then((r) => (r as { VocabId: string }).VocabId);

  test("create, get, list, update, state, download, delete; then ResourceNotFound", async () => {
    const id = await create({ Description: "names" });
    expect(await suite.trtc.request("GetRecognizeVocabV3", { SdkAppId: APP, VocabId: id })).toEqual({
      Name: "finals", Description: "names", VocabId: id, WordWeights: WORDS, State: 0,
      CreateTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), UpdateTime: expect.any(String), RequestId: expect.any(String),
    });
    const second = await create({ Name: "other" });
    expect(await suite.trtc.request("GetRecognizeVocabListV3", { SdkAppId: APP, Offset: 1, Limit: 5 })).toMatchObject({ TotalCount: 2, VocabList: [{ VocabId: second }] });

    expect(await suite.trtc.request("UpdateRecognizeVocabV3", { SdkAppId: APP, VocabId: id, WordWeightStr: Buffer.from("TRTC|5\nPulumi|11\n").toString("base64") })).toMatchObject({ VocabId: id });
    expect(await suite.trtc.request("SetVocabStateV3", { SdkAppId: APP, VocabId: id, State: 1 })).toMatchObject({ VocabId: id });
    expect(await suite.trtc.request("GetRecognizeVocabV3", { SdkAppId: APP, VocabId: id })).toMatchObject({ Name: "finals", State: 1, WordWeights: [{ Word: "TRTC", Weight: 5 }, { Word: "Pulumi", Weight: 11 }] });
    const download = (await suite.trtc.request("DownloadRecognizeVocabV3", { SdkAppId: APP, VocabId: id })) as { WordWeightStr: string };
    expect(Buffer.from(download.WordWeightStr, "base64").toString()).toBe("TRTC|5\nPulumi|11");

    await suite.trtc.request("DeleteRecognizeVocabV3", { SdkAppId: APP, VocabId: id });
    for (const action of ["GetRecognizeVocabV3", "DeleteRecognizeVocabV3", "DownloadRecognizeVocabV3", "UpdateRecognizeVocabV3"]) {
      expect([action, await code(suite.trtc.request(action, { SdkAppId: APP, VocabId: id }))]).toEqual([action, "ResourceNotFound"]);
    }
    expect(await code(suite.trtc.request("SetVocabStateV3", { SdkAppId: APP, VocabId: id, State: 1 }))).toBe("ResourceNotFound");
  });

  test("the documented limits: weights, word length, punctuation, 1000 words, 30 vocabularies, a unique name, one form of words", async () => {
    const refused = (params: Record<string, unknown>) => code(create(params));
    expect(await refused({ WordWeights: [{ Word: "TRTC", Weight: 12 }] })).toBe("InvalidParameter.OutOfRange");
    expect(await refused({ WordWeights: [{ Word: "腾".repeat(11), Weight: 1 }] })).toBe("InvalidParameter.OutOfRange");
    expect(await refused({ WordWeights: [{ Word: "a".repeat(31), Weight: 1 }] })).toBe("InvalidParameter.OutOfRange");
    expect(await refused({ WordWeights: [{ Word: "a,b", Weight: 1 }] })).toBe("InvalidParameter");
    expect(await refused({ WordWeights: Array.from({ length: 1001 }, (_, i) => ({ Word: `w${i}`, Weight: 1 })) })).toBe("InvalidParameter.OutOfRange");
    expect(await refused({ WordWeightStr: Buffer.from("a|1").toString("base64") })).toBe("InvalidParameter");
    await create();
    expect(await refused({})).toBe("FailedOperation");
    // The other 29 straight into the world: over the API they would meet the rate of 20 a second.
    for (let i = 1; i < 30; i++) suite.emulator.state.world.vocabularies.create({ sdkAppId: APP, name: `v${i}`, words: [], state: 0, createTime: "", updateTime: "" });
    expect(await refused({ Name: "v30" })).toBe("LimitExceeded");
    expect(await code(suite.trtc.request("SetVocabStateV3", { SdkAppId: APP, VocabId: "x", State: 2 }))).toBe("InvalidParameter.OutOfRange");
  });

  test("the control routes change and delete a vocabulary; a restart keeps them, their ids and the next id", async () => {
    const id = await create();
    expect(await control("POST", `vocabularies/${id}`, { state: 1, description: "from the console" })).toMatchObject({ status: 200, body: { changed: { id, state: 1 } } });
    expect(await control("POST", `vocabularies/${id}`, { state: 2 })).toMatchObject({ status: 400 });
    // As `trtc-local --data-dir` saves and reloads it: the snapshot through JSON, onto a reset state.
    const saved = JSON.stringify(suite.emulator.state.snapshot());
    suite.emulator.state.reset();
    const restarted = suite.emulator.state;
    restarted.restore(JSON.parse(saved));
    expect(restarted.world.vocabularies.list()).toEqual([expect.objectContaining({ id, state: 1, description: "from the console" })]);
    const next = restarted.world.vocabularies.create({ sdkAppId: APP, name: "n", words: [], state: 0, createTime: "", updateTime: "" });
    expect(next.id).not.toBe(id);
    expect(await control("DELETE", `vocabularies/${id}`)).toEqual({ status: 200, body: { vocabularies: [expect.objectContaining({ id: next.id })] } });
  });

  test("downloadVocabulary reads the file back, decoded, with its words", async () => {
    const id = await create();
    const settings = { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-singapore", endpoint: suite.emulator.url };
    expect(await trtc.downloadVocabulary({ sdkAppId: APP, vocabId: id }, { settings })).toEqual({
      vocabId: id, text: "TRTC|11\n腾讯云|100", words: [{ word: "TRTC", weight: 11 }, { word: "腾讯云", weight: 100 }], requestId: expect.any(String),
    });
  });
});

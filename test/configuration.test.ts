import { createHash } from "node:crypto";
import * as runtime from "../provider/runtime";
import { LISTED_BEFORE_KEY, SETTLEMENT_KEY } from "../provider/contract";
import { actions, checked, checkFailure, useProviderEmulator } from "./helpers";

// The configuration resources (Picture, Vocabulary) driven through the provider runtime as
// Pulumi's dynamic provider host drives it, against the emulator: in-place updates and
// replacements, refresh returning what TRTC holds as the inputs (drift) and dropping an object
// deleted elsewhere, delete treating gone as done, and a lost Create answer settled by listing.

const suite = useProviderEmulator();
const world = () => suite.emulator.state.world;
const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);

const IMAGE = Buffer.from("\x89PNG\r\n\x1a\n watermark");
const PNG = IMAGE.toString("base64");
const picture = { __kind: "Picture", sdkAppId: 1400000001, region: "ap-guangzhou", content: PNG, suffix: "png", height: 64, width: 128, xPosition: 10, yPosition: 20 };
const vocabulary = {
  __kind: "Vocabulary",
  sdkAppId: 1400000001,
  name: "finals",
  wordWeights: [{ word: "TRTC", weight: 10 }, { word: "腾讯云", weight: 11 }],
};

describe("bad input is rejected at check, with no API call", () => {
  // The last member: the inputs that are secrets, whose failures name no property (the engine would print the value).
  const cases: [string, Record<string, unknown>, string, RegExp, string[]?][] = [
    ["a picture that is no Base64", { ...picture, content: "not base64!" }, "content", /encoded in Base64/, ["content"]],
    ["a picture of another type", { ...picture, suffix: "gif" }, "suffix", /"png", "jpg" or "jpeg"/],
    ["a negative position", { ...picture, xPosition: -1 }, "xPosition", /0 or more/],
    ["a region without pictures", { ...picture, region: "ap-singapore" }, "region", /served in: ap-guangzhou/],
    ["a weight of 12", { ...vocabulary, wordWeights: [{ word: "TRTC", weight: 12 }] }, "wordWeights.0.weight", /1 to 11, or 100/],
    ["a Chinese word of 11 characters", { ...vocabulary, wordWeights: [{ word: "腾".repeat(11), weight: 1 }] }, "wordWeights.0.word", /at most 10 Chinese/],
    ["a word with punctuation", { ...vocabulary, wordWeights: [{ word: "a,b", weight: 1 }] }, "wordWeights.0.word", /no punctuation/],
    ["a word twice", { ...vocabulary, wordWeights: [{ word: "TRTC", weight: 1 }, { word: "TRTC", weight: 2 }] }, "wordWeights.1.word", /repeats the word/],
    ["1001 words", { ...vocabulary, wordWeights: Array.from({ length: 1001 }, (_, i) => ({ word: `w${i}`, weight: 1 })) }, "wordWeights", /at most 1000 words/],
  ];
  test.each(cases)("%s", async (_name, program, property, reason, hidden = []) => {
    expect((await runtime.check({}, program)).failures).toEqual([checkFailure(property, reason, hidden)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

describe("Picture", () => {
  test("create sends CreatePicture; the layout changes in place by ModifyPicture, the image replaces it", async () => {
    const inputs = await checked(picture);
    // The image's fingerprint, which previews show in place of the secret content, is the file's as sha256sum prints it.
    expect(inputs.contentSha256).toBe(createHash("sha256").update(IMAGE).digest("hex"));
    const { id, outs } = await runtime.create(inputs);
    expect(requests("CreatePicture").map((r) => r.params)).toEqual([
      { SdkAppId: 1400000001, Content: PNG, Suffix: "png", Height: 64, Width: 128, XPosition: 10, YPosition: 20 },
    ]);
    expect(world().pictures.list()).toEqual([expect.objectContaining({ id: Number(id), height: 64, xPosition: 10 })]);
    expect(outs).toMatchObject({ taskId: id, height: 64, contentSha256: inputs.contentSha256 });
    expect(outs).not.toHaveProperty("status");

    const moved = await checked({ ...picture, xPosition: 30 });
    expect(await runtime.diff(id, outs, moved)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await runtime.diff(id, outs, await checked({ ...picture, suffix: "jpg" }))).toMatchObject({ replaces: ["suffix"] });
    const logo = await checked({ ...picture, content: Buffer.from("\x89PNG\r\n\x1a\n logo").toString("base64") });
    expect(logo.contentSha256).not.toBe(inputs.contentSha256);
    expect(await runtime.diff(id, outs, logo)).toMatchObject({ replaces: ["content"] });
    const { outs: after } = await runtime.update(id, outs, moved);
    expect(requests("ModifyPicture").map((r) => r.params)).toEqual([{ PictureId: Number(id), SdkAppId: 1400000001, Height: 64, Width: 128, XPosition: 30, YPosition: 20 }]);
    expect(after).toMatchObject({ xPosition: 30 });
    expect(world().pictures.get(1400000001, Number(id))).toMatchObject({ xPosition: 30 });
  });

  test("refresh returns the layout TRTC holds as the inputs, so a change made elsewhere is drift; a picture deleted elsewhere drops", async () => {
    const { id, outs } = await runtime.create(await checked(picture));
    world().pictures.modify(world().pictures.get(1400000001, Number(id))!, { width: 256 });
    const read = await runtime.read(id, outs);
    expect(read.props).toMatchObject({ width: 256, content: PNG });
    expect(read.inputs).toEqual({ ...(await checked(picture)), width: 256 });
    // The program, diffed against what refresh read, changes the width back in place.
    expect(await runtime.diff(id, read.props!, await checked(picture))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    world().pictures.delete(world().pictures.get(1400000001, Number(id))!);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(await runtime.read(id, outs)).toEqual({});
      expect(warn.mock.calls.map(([line]) => String(line))).toEqual([expect.stringContaining(`refresh drops Picture ${id} (application 1400000001): DescribePicture answered no picture of that id, so it was deleted outside this stack`)]);
    } finally {
      warn.mockRestore();
    }
    // Delete finds it gone, which is what delete wants.
    await runtime.remove(id, outs);
    expect(requests("DeletePicture").map((r) => r.outcome)).toEqual(["InvalidParameter.PictureNotFound"]);
  });

  test("a lost CreatePicture answer: the listing finds the picture it made, and none is made twice", async () => {
    world().pictures.create({ sdkAppId: 1400000001, content: PNG, suffix: "png", height: 64, width: 128, xPosition: 10, yPosition: 20 });
    suite.emulator.state.faults.add({ action: "CreatePicture", connection: "drop", runFirst: true, count: 1 });
    const { id } = await runtime.create(await checked(picture));
    // The twin made before the create is someone else's: the new one is this create's.
    expect(world().pictures.list().map((p) => p.id)).toEqual([100861, Number(id)]);
    expect(requests("CreatePicture")).toHaveLength(1);
    expect(requests("DescribePicture").map((r) => r.params)).toEqual([
      { SdkAppId: 1400000001, PageSize: 10, PageNo: 1 },
      { SdkAppId: 1400000001, PageSize: 10, PageNo: 1 },
      { SdkAppId: 1400000001, PictureId: Number(id) },
    ]);
  });

  test("a create left unsettled (its listing failed after a lost answer) is settled by the next refresh, listing again", async () => {
    const inputs = await checked(picture);
    const made = world().pictures.create({ sdkAppId: 1400000001, content: PNG, suffix: "png", height: 64, width: 128, xPosition: 10, yPosition: 20 });
    const recorded = { ...inputs, [SETTLEMENT_KEY]: "startUnsettled", [LISTED_BEFORE_KEY]: [] };
    const read = await runtime.read("picture:unsettled", recorded);
    expect(read.id).toBe(String(made.id));
    expect(read.props).not.toHaveProperty(SETTLEMENT_KEY);
    expect(read.props).not.toHaveProperty(LISTED_BEFORE_KEY);
    // Listed before, it is someone else's: nothing was created, and refresh drops the record.
    expect(await runtime.read("picture:unsettled", { ...recorded, [LISTED_BEFORE_KEY]: [String(made.id)] })).toEqual({});
  });
});

describe("Vocabulary", () => {
  test("create, then the default state by SetVocabStateV3; words and name change in place, state by its own call", async () => {
    const { id, outs } = await runtime.create(await checked({ ...vocabulary, state: 1 }));
    expect(requests("CreateRecognizeVocabV3").map((r) => r.params)).toEqual([
      { Name: "finals", SdkAppId: 1400000001, Description: "", WordWeights: [{ Word: "TRTC", Weight: 10 }, { Word: "腾讯云", Weight: 11 }] },
    ]);
    expect(requests("SetVocabStateV3").map((r) => r.params)).toEqual([{ VocabId: id, State: 1, SdkAppId: 1400000001 }]);
    expect(outs).toMatchObject({ taskId: id, state: 1 });
    // An empty description the program left out is no value of its own: state has none.
    expect(outs).not.toHaveProperty("description");

    const renamed = await checked({ ...vocabulary, name: "finals-2026", state: 1 });
    expect(await runtime.diff(id, outs, renamed)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs: second } = await runtime.update(id, outs, renamed);
    expect(requests("UpdateRecognizeVocabV3").map((r) => (r.params as Record<string, unknown>).Name)).toEqual(["finals-2026"]);
    // The state did not change: no second SetVocabStateV3.
    expect(requests("SetVocabStateV3")).toHaveLength(1);
    const { outs: third } = await runtime.update(id, second, await checked({ ...vocabulary, name: "finals-2026" }));
    expect(requests("SetVocabStateV3").map((r) => (r.params as Record<string, unknown>).State)).toEqual([1, 0]);
    expect(world().vocabularies.get(1400000001, id)).toMatchObject({ name: "finals-2026", state: 0 });
    expect(third).not.toHaveProperty("state");
    expect(await runtime.diff(id, outs, await checked({ ...vocabulary, sdkAppId: 1400000002 }))).toMatchObject({ replaces: ["sdkAppId"] });
  });

  test("refresh shows words and state changed elsewhere as drift; one deleted elsewhere drops, and delete takes ResourceNotFound as done", async () => {
    const { id, outs } = await runtime.create(await checked(vocabulary));
    const record = world().vocabularies.get(1400000001, id)!;
    world().vocabularies.modify(record, { words: [{ word: "TRTC", weight: 100 }], state: 1 });
    const read = await runtime.read(id, outs);
    expect(read.inputs).toMatchObject({ wordWeights: [{ word: "TRTC", weight: 100 }], state: 1, name: "finals" });
    expect(await runtime.diff(id, read.props!, await checked(vocabulary))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    // What the program says, unchanged elsewhere, is no change.
    expect(await runtime.diff(id, outs, await checked(vocabulary))).toMatchObject({ changes: false });

    world().vocabularies.delete(record);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(await runtime.read(id, outs)).toEqual({});
      expect(String(warn.mock.calls[0]![0])).toContain(`refresh drops Vocabulary ${id} (application 1400000001): GetRecognizeVocabV3 answered ResourceNotFound`);
    } finally {
      warn.mockRestore();
    }
    await expect(runtime.update(id, outs, await checked({ ...vocabulary, name: "x" }))).rejects.toThrow(/Vocabulary .* was deleted outside this stack, so it cannot be updated/);
    await runtime.remove(id, outs);
    expect(requests("DeleteRecognizeVocabV3").map((r) => r.outcome)).toEqual(["ResourceNotFound"]);
  });

  test("a lost create answer: the listing finds the vocabulary by its name, and none is made twice", async () => {
    suite.emulator.state.faults.add({ action: "CreateRecognizeVocabV3", code: "InternalError", runFirst: true, count: 1 });
    const { id } = await runtime.create(await checked(vocabulary));
    expect(world().vocabularies.list().map((v) => v.id)).toEqual([id]);
    expect(requests("CreateRecognizeVocabV3")).toHaveLength(1);
    expect(requests("GetRecognizeVocabListV3")).toHaveLength(2);
  });
});

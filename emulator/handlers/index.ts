// The API families the emulator serves: adding a family is one file and one line here.
import type { Family } from "../family";
import * as ai from "./ai";
import * as cloudRecording from "./cloudRecording";
import * as streamIngest from "./streamIngest";

export const families: readonly Family[] = [streamIngest, cloudRecording, ai];

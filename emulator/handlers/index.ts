// The API families the emulator serves: adding a family is one file and one line here.
import type { Family } from "../family";
import * as cloudRecording from "./cloudRecording";
import * as dashboard from "./dashboard";
import * as monitoring from "./monitoring";
import * as streamIngest from "./streamIngest";
import * as usage from "./usage";

export const families: readonly Family[] = [streamIngest, cloudRecording, monitoring, usage, dashboard];

// What every subcommand of `pulumi-trtc` shares: its shape and its errors.
export interface Command {
  name: string;
  /** One line for `pulumi-trtc --help`. */
  summary: string;
  /** Runs with the arguments after the command's name; resolves with the exit status. */
  run(args: string[]): Promise<number>;
}

/** A failure the user can fix, said in one line without a stack: exit status 1. */
export class CommandError extends Error {
  readonly exitCode: number = 1;
}

/** Arguments the command cannot work with: exit status 2, with a pointer to the command's --help. */
export class UsageError extends CommandError {
  override readonly exitCode = 2;
}

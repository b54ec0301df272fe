package io.dooor.cli;

import picocli.CommandLine.Command;

/** {@code dooor attest verify}: offline verification of TEE evidence. */
@Command(
    name = "attest",
    description = "Verify TEE evidence offline.",
    subcommands = {})
final class AttestCommand {}

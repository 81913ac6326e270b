package dev.tabby.ctl;

import picocli.CommandLine.Command;

/** {@code tabbyctl ipam ...}: pod addresses, read and repaired through the Kubernetes API. */
@Command(
    name = "ipam",
    mixinStandardHelpOptions = true,
    description = "Show, check and release pod addresses.",
    subcommands = {IpamShowCommand.class, IpamCheckCommand.class, IpamReleaseCommand.class})
final class IpamCommand {}

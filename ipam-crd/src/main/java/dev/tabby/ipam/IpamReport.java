package dev.tabby.ipam;

import java.util.List;

/**
 * What a consistency check found. Each entry is one sentence naming the objects involved.
 *
 * @param allocatedButUnused addresses whose pod or node no longer exists
 * @param handleProblems handles with no addresses, miscounted handles, addresses whose handle is
 *     missing
 * @param affinitiesWithoutBlocks confirmed affinities whose block is missing or someone else's
 * @param impossibleBlocks blocks in a state the allocator never writes
 * @param ignoredPools IPPools the allocator does not use, and why (invalid, or overlapping an older
 *     pool)
 */
public record IpamReport(
    List<String> allocatedButUnused,
    List<String> handleProblems,
    List<String> affinitiesWithoutBlocks,
    List<String> impossibleBlocks,
    List<String> ignoredPools) {

  /** A report with no ignored pools. */
  public IpamReport(
      List<String> allocatedButUnused,
      List<String> handleProblems,
      List<String> affinitiesWithoutBlocks,
      List<String> impossibleBlocks) {
    this(allocatedButUnused, handleProblems, affinitiesWithoutBlocks, impossibleBlocks, List.of());
  }

  public boolean isClean() {
    return allocatedButUnused.isEmpty()
        && handleProblems.isEmpty()
        && affinitiesWithoutBlocks.isEmpty()
        && impossibleBlocks.isEmpty()
        && ignoredPools.isEmpty();
  }

  @Override
  public String toString() {
    if (isClean()) {
      return "IPAM is consistent";
    }
    StringBuilder sb = new StringBuilder("IPAM is inconsistent:");
    section(sb, "allocated but unused", allocatedButUnused);
    section(sb, "handle problems", handleProblems);
    section(sb, "affinities without blocks", affinitiesWithoutBlocks);
    section(sb, "impossible blocks", impossibleBlocks);
    section(sb, "ignored pools", ignoredPools);
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<String> lines) {
    if (!lines.isEmpty()) {
      sb.append('\n').append(title).append(" (").append(lines.size()).append("):");
      lines.forEach(l -> sb.append("\n  ").append(l));
    }
  }
}

package dev.tabby.bgp.policy;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One rule of a {@link RoutePolicy}: a match and an action.
 *
 * <p>A route matches when every given condition holds: its prefix lies within {@code within} (the
 * CIDR itself or anything more specific; {@code null} matches any prefix), its length is in {@code
 * minLength..maxLength} (the "ge"/"le" of a prefix list), and it carries at least one of {@code
 * anyCommunity} (empty matches any route). With {@code prefixNegated} the prefix condition (CIDR
 * and lengths together) is inverted within the CIDR's family: the rule matches the prefixes of that
 * family the condition does not. A matching route is rejected, or accepted with {@code
 * addCommunities} added. Value-equal, so peers with equal policies share one export group.
 */
public record PolicyRule(
    IpPrefix within,
    int minLength,
    int maxLength,
    boolean prefixNegated,
    ImmutableIntArray anyCommunity,
    PolicyAction action,
    ImmutableIntArray addCommunities) {

  public PolicyRule {
    Objects.requireNonNull(anyCommunity, "anyCommunity");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(addCommunities, "addCommunities");
    anyCommunity = anyCommunity.trimmed();
    addCommunities = addCommunities.trimmed();
    int familyMax = within == null ? 128 : within.family().bits();
    if (minLength < 0 || maxLength > familyMax || minLength > maxLength) {
      throw new IllegalArgumentException(
          "policy rule prefix length range "
              + minLength
              + ".."
              + maxLength
              + " is not within 0.."
              + familyMax);
    }
    if (prefixNegated && within == null) {
      throw new IllegalArgumentException("a negated prefix condition needs a CIDR");
    }
    if (action == PolicyAction.REJECT && !addCommunities.isEmpty()) {
      throw new IllegalArgumentException(
          "a rejecting policy rule cannot add communities: " + formatCommunities(addCommunities));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the route satisfies every condition of this rule. */
  public boolean matches(IpPrefix prefix, PathAttributes attributes) {
    boolean prefixMatches =
        (within == null || within.contains(prefix))
            && prefix.length() >= minLength
            && prefix.length() <= maxLength;
    if (prefixNegated) {
      prefixMatches = prefix.family() == within.family() && !prefixMatches;
    }
    return prefixMatches && (anyCommunity.isEmpty() || carriesAny(attributes.communities()));
  }

  /**
   * The attributes after this rule's action, assuming {@link #matches} holds: {@code null} when
   * rejected, the same instance when nothing is added.
   */
  PathAttributes act(PathAttributes attributes) {
    if (action == PolicyAction.REJECT) {
      return null;
    }
    ImmutableIntArray present = attributes.communities();
    ImmutableIntArray.Builder merged = null;
    for (int i = 0; i < addCommunities.length(); i++) {
      int community = addCommunities.get(i);
      if (!present.contains(community)) {
        if (merged == null) {
          merged = ImmutableIntArray.builder().addAll(present);
        }
        merged.add(community);
      }
    }
    return merged == null ? attributes : attributes.toBuilder().communities(merged.build()).build();
  }

  private boolean carriesAny(ImmutableIntArray communities) {
    for (int i = 0; i < anyCommunity.length(); i++) {
      if (communities.contains(anyCommunity.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Like "10.0.0.0/8 ge 16 le 24 community 65000:1 -> accept, add community 65000:100", or "not
   * 10.0.0.0/8 -> reject".
   */
  @Override
  public String toString() {
    StringJoiner match = new StringJoiner(" ");
    if (prefixNegated) {
      match.add("not");
    }
    if (within != null) {
      match.add(within.toString());
    }
    int familyMax = within == null ? 128 : within.family().bits();
    if (minLength > 0) {
      match.add("ge " + minLength);
    }
    if (maxLength < familyMax) {
      match.add("le " + maxLength);
    }
    if (!anyCommunity.isEmpty()) {
      match.add("community " + formatCommunities(anyCommunity));
    }
    String condition = match.length() == 0 ? "any" : match.toString();
    String result =
        addCommunities.isEmpty()
            ? action.toString()
            : action + ", add community " + formatCommunities(addCommunities);
    return condition + " -> " + result;
  }

  private static String formatCommunities(ImmutableIntArray communities) {
    StringJoiner joiner = new StringJoiner(",");
    communities.forEach(c -> joiner.add(Communities.format(c)));
    return joiner.toString();
  }

  /** Builds a rule; every condition left unset matches any route. */
  public static final class Builder {
    private IpPrefix within;
    private Integer minLength;
    private Integer maxLength;
    private boolean prefixNegated;
    private ImmutableIntArray anyCommunity = ImmutableIntArray.of();
    private ImmutableIntArray addCommunities = ImmutableIntArray.of();

    private Builder() {}

    /** Matches the CIDR and every prefix inside it. */
    public Builder within(IpPrefix cidr) {
      this.within = Objects.requireNonNull(cidr, "cidr");
      return this;
    }

    /** Prefix length at least this ("ge"). */
    public Builder minLength(int length) {
      this.minLength = length;
      return this;
    }

    /** Prefix length at most this ("le"). */
    public Builder maxLength(int length) {
      this.maxLength = length;
      return this;
    }

    /**
     * Inverts the prefix condition (the CIDR given to {@link #within} and the lengths): the rule
     * matches the prefixes of the CIDR's family that are not inside it with such a length.
     */
    public Builder negatePrefix() {
      this.prefixNegated = true;
      return this;
    }

    /** Matches routes carrying at least one of these communities. */
    public Builder anyCommunity(int... communities) {
      this.anyCommunity = ImmutableIntArray.copyOf(communities);
      return this;
    }

    /** Communities an accepting rule adds (those already present are not repeated). */
    public Builder addCommunities(int... communities) {
      this.addCommunities = ImmutableIntArray.copyOf(communities);
      return this;
    }

    public PolicyRule accept() {
      return build(PolicyAction.ACCEPT);
    }

    public PolicyRule reject() {
      return build(PolicyAction.REJECT);
    }

    private PolicyRule build(PolicyAction action) {
      int familyMax = within == null ? 128 : within.family().bits();
      return new PolicyRule(
          within,
          minLength == null ? 0 : minLength,
          maxLength == null ? familyMax : maxLength,
          prefixNegated,
          anyCommunity,
          action,
          addCommunities);
    }
  }
}

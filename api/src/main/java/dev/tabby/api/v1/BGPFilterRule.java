package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;

/** One rule: routes matching the CIDR, operator and prefix lengths get the action. */
public class BGPFilterRule {
  private String cidr;
  private MatchOperator matchOperator;
  private PrefixLengthRange prefixLength;
  @Required private FilterAction action;

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public MatchOperator getMatchOperator() {
    return matchOperator;
  }

  public void setMatchOperator(MatchOperator matchOperator) {
    this.matchOperator = matchOperator;
  }

  public PrefixLengthRange getPrefixLength() {
    return prefixLength;
  }

  public void setPrefixLength(PrefixLengthRange prefixLength) {
    this.prefixLength = prefixLength;
  }

  public FilterAction getAction() {
    return action;
  }

  public void setAction(FilterAction action) {
    this.action = action;
  }
}

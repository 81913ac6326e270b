package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Communities to attach when advertising routes inside a CIDR. */
public class PrefixAdvertisement {
  @Required private String cidr;

  private List<String> communities = new ArrayList<>();

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  /** Community names from {@link BGPConfigurationSpec#getCommunities()} or literal values. */
  public List<String> getCommunities() {
    return communities;
  }

  public void setCommunities(List<String> communities) {
    this.communities = communities;
  }
}

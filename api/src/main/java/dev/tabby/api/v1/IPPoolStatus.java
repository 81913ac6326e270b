package dev.tabby.api.v1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What tabby-controller found out about an {@link IPPool}: whether it is valid (the condition of
 * type {@code Valid}) and which CIDR the pool serves.
 */
public class IPPoolStatus {
  /**
   * The CIDR the controller last accepted: the pool keeps serving it when {@code spec.cidr} changes
   * while blocks of it are in use.
   */
  private String cidr;

  private List<Condition> conditions = new ArrayList<>();

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  /** {@code Valid}: True, or False with a reason and a message naming what is wrong. */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}

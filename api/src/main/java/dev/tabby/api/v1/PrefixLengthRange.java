package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** An inclusive range of prefix lengths; an absent bound is open. */
public class PrefixLengthRange {
  @Min(0)
  @Max(128)
  private Integer min;

  @Min(0)
  @Max(128)
  private Integer max;

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }
}

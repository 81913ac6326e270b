package dev.tabby.api.v1;

import java.util.ArrayList;
import java.util.List;

/** Ordered rules per direction and family; the first matching rule decides. */
public class BGPFilterSpec {
  private List<BGPFilterRule> exportV4 = new ArrayList<>();
  private List<BGPFilterRule> importV4 = new ArrayList<>();
  private List<BGPFilterRule> exportV6 = new ArrayList<>();
  private List<BGPFilterRule> importV6 = new ArrayList<>();

  public List<BGPFilterRule> getExportV4() {
    return exportV4;
  }

  public void setExportV4(List<BGPFilterRule> exportV4) {
    this.exportV4 = exportV4;
  }

  public List<BGPFilterRule> getImportV4() {
    return importV4;
  }

  public void setImportV4(List<BGPFilterRule> importV4) {
    this.importV4 = importV4;
  }

  public List<BGPFilterRule> getExportV6() {
    return exportV6;
  }

  public void setExportV6(List<BGPFilterRule> exportV6) {
    this.exportV6 = exportV6;
  }

  public List<BGPFilterRule> getImportV6() {
    return importV6;
  }

  public void setImportV6(List<BGPFilterRule> importV6) {
    this.importV6 = importV6;
  }
}

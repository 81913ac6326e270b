package dev.tabby.node.cni;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.ipam.store.Datastore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads CNI results and the IPAM blocks for assertions. */
final class CniResultsView {
  private CniResultsView() {}

  /** The first IP's address without its prefix length. */
  static String firstAddress(Map<String, Object> result) {
    return addresses(result).get(0);
  }

  static List<String> addresses(Map<String, Object> result) {
    List<String> addresses = new ArrayList<>();
    for (Object ip : (List<?>) result.get("ips")) {
      String address = (String) ((Map<?, ?>) ip).get("address");
      addresses.add(address.substring(0, address.indexOf('/')));
    }
    return addresses;
  }

  static List<String> interfaceNames(Map<String, Object> result) {
    List<String> names = new ArrayList<>();
    for (Object i : (List<?>) result.get("interfaces")) {
      names.add((String) ((Map<?, ?>) i).get("name"));
    }
    return names;
  }

  /** Every address the IPAM blocks record as allocated. */
  static List<String> allocatedAddresses(Datastore datastore) {
    List<String> addresses = new ArrayList<>();
    for (IPAMBlock block : datastore.blocks().list()) {
      new BlockAllocations(block.getSpec())
          .allocations()
          .keySet()
          .forEach(a -> addresses.add(a.toString()));
    }
    return addresses;
  }
}

package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tabbyctl ipam show}: each pool's use, and on request each block, each borrowed address, or
 * who holds one address.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show each IP pool's CIDR, validity, blocks and addresses in use, free and in all.",
      "With --ip, who holds one address; exit code 1 when nobody does."
    })
final class IpamShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  @Option(names = "--show-blocks", description = "Also list each block: its node and use.")
  boolean showBlocks;

  @Option(
      names = "--show-borrowed",
      description = "Also list addresses a node took from a block affine to another node.")
  boolean showBorrowed;

  @Option(
      names = "--ip",
      paramLabel = "ADDRESS",
      converter = IpAddressConverter.class,
      description = "Show who holds this address: pool, block, node, handle, pod.")
  IpAddress ip;

  /** One pool's use, as the table and the JSON show it. */
  record PoolUsage(
      String name,
      String cidr,
      boolean valid,
      String invalidBecause,
      int blocks,
      long inUse,
      BigInteger free,
      BigInteger total) {}

  /** One block's use. */
  record BlockUsage(String cidr, String pool, String node, int inUse, int free, int total) {}

  /** An address given out of a block affine to another node than its pod's. */
  record Borrowed(String address, String block, String blockNode, String node, String pod) {}

  /** Who holds an address; everything but the address is null when nobody does. */
  record Holder(
      String address,
      boolean allocated,
      String pool,
      String block,
      String blockNode,
      String handle,
      String pod,
      String node) {}

  @Override
  public Integer call() {
    if (ip != null && (showBlocks || showBorrowed)) {
      throw new ParameterException(
          spec.commandLine(),
          "--ip shows one address: it takes neither --show-blocks nor --show-borrowed");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      IpamView view = IpamView.read(kube, Datastore.kubernetes(client));
      if (ip != null) {
        return showAddress(out, view.lookup(ip));
      }
      List<PoolUsage> pools = view.pools().stream().map(p -> usage(view, p)).toList();
      List<BlockUsage> blocks = showBlocks ? blocks(view) : null;
      List<Borrowed> borrowed = showBorrowed ? borrowed(view) : null;
      if (output.table()) {
        printTables(out, view, pools, blocks, borrowed);
      } else {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("pools", pools);
        if (blocks != null) {
          document.put("blocks", blocks);
        }
        if (borrowed != null) {
          document.put("borrowed", borrowed);
        }
        output.print(out, document);
      }
    }
    return ExitCodes.OK;
  }

  private static PoolUsage usage(IpamView view, IPPool pool) {
    List<IPAMBlock> blocks = view.blocksOf(pool);
    long inUse =
        blocks.stream().mapToLong(b -> new BlockAllocations(b.getSpec()).allocatedCount()).sum();
    BigInteger total = IpamView.cidr(pool).map(c -> c.size()).orElse(BigInteger.ZERO);
    String why = view.whyIgnored(pool).orElse(null);
    return new PoolUsage(
        pool.getMetadata().getName(),
        pool.getSpec() == null ? null : pool.getSpec().getCidr(),
        why == null,
        why,
        blocks.size(),
        inUse,
        total.subtract(BigInteger.valueOf(inUse)).max(BigInteger.ZERO),
        total);
  }

  private static List<BlockUsage> blocks(IpamView view) {
    List<BlockUsage> usages = new ArrayList<>();
    for (IPAMBlock block : view.blocks()) {
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      usages.add(
          new BlockUsage(
              allocations.cidr().toString(),
              view.poolCovering(allocations.cidr()).orElse(null),
              BlockAllocations.affineNode(block.getSpec()),
              allocations.allocatedCount(),
              allocations.size() - allocations.allocatedCount(),
              allocations.size()));
    }
    return usages;
  }

  private static List<Borrowed> borrowed(IpamView view) {
    List<Borrowed> borrowed = new ArrayList<>();
    for (IPAMBlock block : view.blocks()) {
      String blockNode = BlockAllocations.affineNode(block.getSpec());
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      for (BlockAllocations.Allocation a : IpamView.allocations(allocations)) {
        String node = a.owner() == null ? null : a.owner().getNode();
        if (node != null && !node.equals(blockNode)) {
          borrowed.add(
              new Borrowed(
                  a.address().toString(),
                  allocations.cidr().toString(),
                  blockNode,
                  node,
                  a.owner().getPod() == null
                      ? null
                      : a.owner().getNamespace() + "/" + a.owner().getPod()));
        }
      }
    }
    return borrowed;
  }

  private static void printTables(
      PrintWriter out,
      IpamView view,
      List<PoolUsage> pools,
      List<BlockUsage> blocks,
      List<Borrowed> borrowed) {
    Table table = new Table("POOL", "CIDR", "VALID", "BLOCKS", "IN USE", "FREE", "TOTAL");
    pools.forEach(
        p ->
            table.row(
                p.name(),
                p.cidr(),
                p.valid() ? "yes" : "no",
                p.blocks(),
                p.inUse(),
                p.free(),
                p.total()));
    out.print(table.render());
    pools.stream()
        .filter(p -> !p.valid())
        .forEach(p -> out.println("IPPool " + p.name() + " is not used: " + p.invalidBecause()));
    if (blocks != null) {
      Table blockTable = new Table("BLOCK", "POOL", "NODE", "IN USE", "FREE", "TOTAL");
      blocks.forEach(
          b ->
              blockTable.row(
                  b.cidr(), orNone(b.pool()), orNone(b.node()), b.inUse(), b.free(), b.total()));
      out.println();
      out.print(blockTable.render());
    }
    if (borrowed != null) {
      out.println();
      if (borrowed.isEmpty()) {
        out.println("No borrowed addresses.");
      } else {
        Table borrowedTable = new Table("ADDRESS", "BLOCK", "BLOCK NODE", "USED ON NODE", "POD");
        borrowed.forEach(
            b ->
                borrowedTable.row(
                    b.address(), b.block(), orNone(b.blockNode()), b.node(), b.pod()));
        out.print(borrowedTable.render());
      }
    }
    out.flush();
  }

  private int showAddress(PrintWriter out, AddressLookup lookup) {
    Holder holder =
        new Holder(
            lookup.address().toString(),
            lookup.allocation().isPresent(),
            lookup.pool().orElse(null),
            lookup.block().map(Object::toString).orElse(null),
            lookup.blockNode().orElse(null),
            lookup.allocation().map(BlockAllocations.Allocation::handleId).orElse(null),
            lookup.pod().orElse(null),
            lookup.podNode().orElse(null));
    if (!output.table()) {
      output.print(out, holder);
    } else if (!holder.allocated()) {
      out.println(lookup.whyNotAllocated());
    } else {
      Table table = new Table("ADDRESS", "POOL", "BLOCK", "BLOCK NODE", "HANDLE", "POD", "NODE");
      table.row(
          holder.address(),
          orNone(holder.pool()),
          holder.block(),
          orNone(holder.blockNode()),
          holder.handle(),
          orNone(holder.pod()),
          orNone(holder.node()));
      out.print(table.render());
    }
    out.flush();
    return holder.allocated() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static String orNone(String value) {
    return value == null ? "(none)" : value;
  }
}

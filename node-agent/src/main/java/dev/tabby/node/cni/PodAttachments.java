package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.cni.CniException;
import dev.tabby.ipam.AssignRequest;
import dev.tabby.ipam.Assignment;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.net.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADD, DEL, CHECK and GC of attachments: addresses from IPAM under the attachment's handle, the
 * veth from {@link PodWiring} (tabby only; tabby-ipam just assigns), and a record of both in the
 * {@link AttachmentStore}. An ADD that fails anywhere gives back what it took.
 */
final class PodAttachments {
  private static final Logger log = LoggerFactory.getLogger(PodAttachments.class);

  private final String nodeName;
  private final IpamAllocator ipam;
  private final PodWiring wiring;
  private final AttachmentStore store;

  /** Calls for one pod (its host veth) run one at a time; different pods run side by side. */
  private final ReentrantLock[] podLocks = new ReentrantLock[64];

  PodAttachments(String nodeName, IpamAllocator ipam, PodWiring wiring, AttachmentStore store) {
    this.nodeName = nodeName;
    this.ipam = ipam;
    this.wiring = wiring;
    this.store = store;
    for (int i = 0; i < podLocks.length; i++) {
      podLocks[i] = new ReentrantLock();
    }
  }

  /** The ADD result in the CNI 1.x shape. */
  Map<String, Object> add(AgentRequest request) {
    NetworkSettings settings = NetworkSettings.of(request);
    boolean wire = request.plugin().equals(AgentRequest.WIRING);
    Attachment attachment = Attachment.of(request, wire ? HostVethNames.of(request) : "");
    return locked(
        lockKey(attachment),
        () -> {
          store
              .find(attachment.network(), attachment.containerId(), attachment.ifName())
              .ifPresent(
                  earlier -> {
                    log.info("ADD repeated without DEL; undoing the first {}", earlier.describe());
                    remove(earlier);
                  });
          if (wire) {
            detachEarlierSandboxes(attachment);
          }
          store.save(attachment); // before anything is taken, so a crash leaves a record to undo
          List<IpAddress> addresses;
          try {
            addresses = assign(attachment, settings);
          } catch (RuntimeException e) {
            store.delete(attachment); // IPAM assigns all or nothing
            throw e;
          }
          Attachment assigned = attachment.withAddresses(prefixes(addresses));
          store.save(assigned);
          try {
            if (!wire) {
              return CniResults.ipamOnly(addresses, settings.subnet());
            }
            PodWiring.WiredPod wired = wiring.wire(podLink(assigned, settings.mtu(), addresses));
            return CniResults.wired(request, wired, addresses);
          } catch (RuntimeException e) {
            undoAssignment(assigned);
            throw e;
          }
        });
  }

  /** Removes the attachment; an unknown one is already gone (DEL is idempotent). */
  void delete(AgentRequest request) {
    Attachment asked = Attachment.of(request, "");
    Optional<Attachment> recorded =
        store.find(asked.network(), asked.containerId(), asked.ifName());
    if (recorded.isEmpty()) {
      // No record: nothing of ours is wired; only an assignment could be left over.
      ipam.releaseByHandle(asked.handleId());
      return;
    }
    locked(lockKey(recorded.get()), () -> remove(recorded.get()));
  }

  /** The differences between the attachment and what ADD made; empty if there are none. */
  List<String> check(AgentRequest request) {
    Attachment asked = Attachment.of(request, "");
    Attachment recorded =
        store
            .find(asked.network(), asked.containerId(), asked.ifName())
            .orElseThrow(
                () ->
                    new CniException(
                        CniException.UNKNOWN_CONTAINER,
                        "no attachment for this container on this node",
                        asked.describe()));
    List<String> differences = new ArrayList<>();
    List<String> previous = CniResults.previousAddresses(request.config());
    if (previous != null
        && !withoutLengths(previous).equals(withoutLengths(recorded.addresses()))) {
      differences.add(
          "prevResult has addresses " + previous + " but ADD assigned " + recorded.addresses());
    }
    if (!recorded.hostVeth().isEmpty()) {
      NetworkSettings settings = NetworkSettings.of(request);
      differences.addAll(
          wiring.differences(podLink(recorded, settings.mtu(), addressesOf(recorded))));
    }
    return differences;
  }

  /** Removes every attachment of the request's network and plugin not in the valid list. */
  int collect(AgentRequest request, Set<String> validKeys) {
    int removed = 0;
    for (Attachment attachment : store.list(request.network())) {
      if (attachment.plugin().equals(request.plugin())
          && !validKeys.contains(key(attachment.containerId(), attachment.ifName()))) {
        log.info("GC removes stale attachment {}", attachment.describe());
        locked(lockKey(attachment), () -> remove(attachment));
        removed++;
      }
    }
    return removed;
  }

  static String key(String containerId, String ifName) {
    return containerId + "/" + ifName;
  }

  private List<IpAddress> assign(Attachment attachment, NetworkSettings settings) {
    List<Assignment> assignments =
        ipam.assign(
            new AssignRequest(
                attachment.handleId(),
                nodeName,
                attachment.podNamespace(),
                attachment.podName(),
                settings.ipv4() ? 1 : 0,
                settings.ipv6() ? 1 : 0));
    List<IpAddress> addresses = new ArrayList<>();
    for (Assignment a : assignments) {
      addresses.add(a.address());
    }
    return addresses;
  }

  /**
   * A new sandbox of a pod takes over the host veth name; records of the pod's earlier sandboxes
   * forget it, so that their late DEL cannot remove the new sandbox's veth.
   */
  private void detachEarlierSandboxes(Attachment attachment) {
    for (Attachment other : store.list(attachment.network())) {
      if (other.hostVeth().equals(attachment.hostVeth())
          && !other.containerId().equals(attachment.containerId())) {
        store.save(other.withoutHostVeth());
      }
    }
  }

  /** Undoes everything an attachment has: veth, addresses, record (in that order). */
  private Void remove(Attachment attachment) {
    if (!attachment.hostVeth().isEmpty() && wiring.unwire(attachment.hostVeth())) {
      log.info("removed host veth {} of {}", attachment.hostVeth(), attachment.describe());
    }
    ipam.releaseByHandle(attachment.handleId());
    store.delete(attachment);
    return null;
  }

  private void undoAssignment(Attachment attachment) {
    try {
      ipam.releaseByHandle(attachment.handleId());
      store.delete(attachment);
    } catch (RuntimeException e) {
      // The record stays: DEL or GC of this attachment releases the addresses later.
      log.error(
          "ADD failed and its addresses could not be released yet {} handle={} error={}",
          attachment.describe(),
          attachment.handleId(),
          e.getMessage());
    }
  }

  private static PodWiring.PodLink podLink(
      Attachment attachment, int mtu, List<IpAddress> addresses) {
    return new PodWiring.PodLink(
        attachment.hostVeth(), Path.of(attachment.netns()), attachment.ifName(), mtu, addresses);
  }

  private static List<String> prefixes(List<IpAddress> addresses) {
    return addresses.stream().map(a -> a + "/" + a.bits()).toList();
  }

  /** Addresses without their prefix lengths: tabby-ipam may present them in a subnet. */
  private static Set<String> withoutLengths(List<String> prefixes) {
    Set<String> addresses = new HashSet<>();
    prefixes.forEach(p -> addresses.add(p.substring(0, p.indexOf('/'))));
    return addresses;
  }

  private static List<IpAddress> addressesOf(Attachment attachment) {
    return attachment.addresses().stream()
        .map(p -> IpAddress.parse(p.substring(0, p.indexOf('/'))))
        .toList();
  }

  private static String lockKey(Attachment attachment) {
    return attachment.hostVeth().isEmpty() ? attachment.handleId() : attachment.hostVeth();
  }

  private <T> T locked(String key, java.util.function.Supplier<T> work) {
    ReentrantLock lock = podLocks[Math.floorMod(key.hashCode(), podLocks.length)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}

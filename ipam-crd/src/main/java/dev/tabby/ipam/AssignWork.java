package dev.tabby.ipam;

import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.net.IpFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * An assignment request in a batch: the addresses it has got so far and, once something went wrong
 * for it alone, why it failed. It is answered only when the whole batch is done.
 */
final class AssignWork extends LaneWork<List<Assignment>> {
  private final AssignRequest request;
  private final AllocationOwner owner;
  private final List<Assignment> done = new ArrayList<>();
  private RuntimeException failure;

  AssignWork(AssignRequest request) {
    this.request = request;
    this.owner =
        new AllocationOwner(request.pod(), request.namespace(), request.node(), request.podUid());
  }

  AssignRequest request() {
    return request;
  }

  String handleId() {
    return request.handleId();
  }

  AllocationOwner owner() {
    return owner;
  }

  int wanted(IpFamily family) {
    return family == IpFamily.V4 ? request.ipv4() : request.ipv6();
  }

  void assigned(Assignment assignment) {
    done.add(assignment);
  }

  List<Assignment> done() {
    return done;
  }

  /** Records the first failure; the request then gets no more addresses. */
  void failed(RuntimeException e) {
    if (failure == null) {
      failure = e;
    }
  }

  boolean hasFailed() {
    return failure != null;
  }

  /** Answers the caller: its addresses, or its failure (its addresses were released). */
  void answer() {
    if (failure != null) {
      fail(failure);
    } else {
      succeed(List.copyOf(done));
    }
  }
}

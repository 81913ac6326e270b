package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.net.IpAddress;
import java.util.List;

/** A release of every address of a handle, waiting in a lane with the handle as it was read. */
final class HandleRelease extends LaneWork<List<IpAddress>> {
  private final IPAMHandle handle;

  HandleRelease(IPAMHandle handle) {
    this.handle = handle;
  }

  IPAMHandle handle() {
    return handle;
  }

  String handleId() {
    return handle.getSpec().getHandleID();
  }
}

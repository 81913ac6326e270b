package dev.tabby.bfd;

/** The IPv6 variant of {@link FrrBfdIT}: hop limit 255 sent, and required on receive. */
class FrrBfdIpv6IT extends FrrBfdIT {
  @Override
  LinkAddresses addresses() {
    return IPV6;
  }
}

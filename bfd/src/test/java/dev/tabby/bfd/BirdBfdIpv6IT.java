package dev.tabby.bfd;

/** The IPv6 variant of {@link BirdBfdIT}: hop limit 255 sent, and required on receive. */
class BirdBfdIpv6IT extends BirdBfdIT {
  @Override
  LinkAddresses addresses() {
    return IPV6;
  }
}

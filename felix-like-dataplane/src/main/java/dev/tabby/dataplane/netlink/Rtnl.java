package dev.tabby.dataplane.netlink;

/** Numbers from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and linux/if_addr.h. */
public final class Rtnl {
  private Rtnl() {}

  // Message header (struct nlmsghdr) and its flags.
  public static final int NLMSG_HDRLEN = 16;
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP = 0x300;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_ACK_TLVS = 0x200;
  public static final int NLMSGERR_ATTR_MSG = 1;

  // Message types.
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;

  // Multicast groups, as the nl_groups bitmask of bind().
  public static final int RTMGRP_LINK = 0x1;
  public static final int RTMGRP_IPV4_IFADDR = 0x10;
  public static final int RTMGRP_IPV4_ROUTE = 0x40;
  public static final int RTMGRP_IPV6_IFADDR = 0x100;
  public static final int RTMGRP_IPV6_ROUTE = 0x400;

  // struct rtmsg and route attributes.
  public static final int RTMSG_LEN = 12;
  public static final int RTA_DST = 1;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_METRICS = 8;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_TABLE = 15;

  /** A gateway of another family than the destination: struct rtvia, a family then an address. */
  public static final int RTA_VIA = 18;

  /** Bytes of struct rtvia before the address: its family, a u16. */
  public static final int RTVIA_FAMILY_LEN = 2;

  public static final int RTAX_MTU = 2;
  public static final int RTNH_LEN = 8;
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_COMPAT = 252;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_BLACKHOLE = 6;
  public static final int RTN_UNREACHABLE = 7;

  // struct ifinfomsg and link attributes.
  public static final int IFINFOMSG_LEN = 16;
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int VETH_INFO_PEER = 1;
  public static final int IFF_UP = 0x1;
  public static final int IFF_LOWER_UP = 0x10000;

  // struct ifaddrmsg and address attributes.
  public static final int IFADDRMSG_LEN = 8;
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_FLAGS = 8;
  public static final int IFA_F_NODAD = 0x02;

  /** Rounds a length up to netlink's 4-byte alignment. */
  public static int align(int length) {
    return (length + 3) & ~3;
  }
}

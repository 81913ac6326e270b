package dev.tabby.ctl;

import dev.tabby.net.IpAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an IPv4 or IPv6 address option; a bad one is a usage error naming the option. */
final class IpAddressConverter implements ITypeConverter<IpAddress> {
  @Override
  public IpAddress convert(String value) {
    try {
      return IpAddress.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not an IP address");
    }
  }
}

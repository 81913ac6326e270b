package dev.tabby.ctl;

import dev.tabby.net.IpPrefix;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a CIDR option value; a bad one is a usage error naming the option. */
final class CidrConverter implements ITypeConverter<IpPrefix> {
  @Override
  public IpPrefix convert(String value) {
    try {
      return IpPrefix.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a CIDR: " + e.getMessage());
    }
  }
}

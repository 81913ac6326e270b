package dev.tabby.ctl;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.Tabby;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The Tabby resources an operator applies and deletes with tabbyctl. */
enum TabbyKind {
  IPPOOL("IPPool", IPPool.class),
  BGPPEER("BGPPeer", BGPPeer.class),
  BGPCONFIGURATION("BGPConfiguration", BGPConfiguration.class),
  BGPFILTER("BGPFilter", BGPFilter.class);

  /** The apiVersion of every Tabby resource. */
  static final String API_VERSION = Tabby.GROUP + "/" + Tabby.VERSION;

  private final String kind;
  private final Class<? extends CustomResource<?, ?>> type;

  TabbyKind(String kind, Class<? extends CustomResource<?, ?>> type) {
    this.kind = kind;
    this.type = type;
  }

  /** The kind as manifests spell it: {@code IPPool}. */
  String kind() {
    return kind;
  }

  Class<? extends CustomResource<?, ?>> type() {
    return type;
  }

  /** How messages name a resource of this kind, as kubectl does: {@code ippool "a"}. */
  String describe(String name) {
    return kind.toLowerCase(Locale.ROOT) + " \"" + name + "\"";
  }

  /** The kind a manifest's {@code kind} field names, exactly. */
  static Optional<TabbyKind> ofManifestKind(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** Every kind, comma-separated, for messages. */
  static String manifestKinds() {
    return String.join(", ", Arrays.stream(values()).map(TabbyKind::kind).toList());
  }

  /** Reads a kind from the command line: any case, singular or plural ({@code ippools}). */
  static final class Converter implements ITypeConverter<TabbyKind> {
    @Override
    public TabbyKind convert(String value) {
      String wanted = value.toLowerCase(Locale.ROOT);
      for (TabbyKind k : values()) {
        String singular = k.kind.toLowerCase(Locale.ROOT);
        if (wanted.equals(singular) || wanted.equals(singular + "s")) {
          return k;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a Tabby resource kind (" + manifestKinds() + ")");
    }
  }

  /** The kinds' lower-case plurals, for shell completion. */
  static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (TabbyKind k : values()) {
        names.add(k.kind.toLowerCase(Locale.ROOT) + "s");
      }
      return names.iterator();
    }
  }
}

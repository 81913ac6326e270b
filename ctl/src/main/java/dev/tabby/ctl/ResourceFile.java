package dev.tabby.ctl;

import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads a file of Tabby resources, YAML (documents separated by {@code ---}) or JSON (one object
 * after another, or an array of them), strictly: a field the resource type does not have, a value
 * of the wrong type, another apiVersion or kind, or a missing name is a one-line error naming the
 * file, the document and the field.
 */
final class ResourceFile {

  /** A resource read from a file, with its kind. */
  record Resource(TabbyKind kind, CustomResource<?, ?> resource) {
    String name() {
      return resource.getMetadata().getName();
    }

    String describe() {
      return kind.describe(name());
    }
  }

  private ResourceFile() {}

  /** Every resource in the file, in order; throws a one-line {@link CtlException} otherwise. */
  static List<Resource> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CtlException("cannot read " + file + ": " + e.getMessage());
    }
    List<JsonNode> documents = documents(file, text);
    List<Resource> resources = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      resources.add(resource(file + ": document " + (i + 1), documents.get(i)));
    }
    if (resources.isEmpty()) {
      throw new CtlException(file + ": no resources in the file");
    }
    return resources;
  }

  private static List<JsonNode> documents(Path file, String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values =
        StrictYaml.MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (values.hasNextValue()) {
        JsonNode value = values.nextValue();
        if (value == null || value.isNull() || value.isMissingNode()) {
          continue; // an empty document: "---" at the start or end
        }
        if (value.isArray()) {
          value.forEach(documents::add);
        } else {
          documents.add(value);
        }
      }
    } catch (JacksonException e) {
      throw new CtlException(file + ": cannot be read as YAML or JSON: " + firstLine(e));
    }
    return documents;
  }

  private static Resource resource(String where, JsonNode document) {
    if (!document.isObject()) {
      throw new CtlException(where + " is not an object with apiVersion, kind and metadata");
    }
    String apiVersion = document.path("apiVersion").asString("");
    String kindName = document.path("kind").asString("");
    TabbyKind kind =
        TabbyKind.ofManifestKind(kindName)
            .orElseThrow(
                () ->
                    new CtlException(
                        where
                            + ": kind \""
                            + kindName
                            + "\" is not a Tabby resource ("
                            + TabbyKind.manifestKinds()
                            + ")"));
    if (!TabbyKind.API_VERSION.equals(apiVersion)) {
      throw new CtlException(
          where
              + " ("
              + kindName
              + "): apiVersion is \""
              + apiVersion
              + "\", not "
              + TabbyKind.API_VERSION);
    }
    String name = document.path("metadata").path("name").asString("");
    if (name.isBlank()) {
      throw new CtlException(where + " (" + kindName + "): metadata.name is missing");
    }
    String named = where + " (" + kind.describe(name) + ")";
    try {
      return new Resource(kind, StrictYaml.MAPPER.treeToValue(document, kind.type()));
    } catch (UnrecognizedPropertyException e) {
      throw new CtlException(named + ": unknown field \"" + path(e) + "\"");
    } catch (JacksonException e) {
      throw new CtlException(named + ": cannot read " + path(e) + ": " + firstLine(e));
    }
  }

  /** The field's path in the document: {@code spec.cidrr}, {@code spec.allowedUses[0]}. */
  private static String path(JacksonException e) {
    return e.getPath().stream()
        .map(
            r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static String firstLine(JacksonException e) {
    String message = e.getOriginalMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}

package dev.tabby.ctl;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The reader of resources an operator writes (YAML, and so JSON too) into the Kubernetes and Tabby
 * model classes, refusing any field the model does not know: a misspelt field must fail, not be
 * dropped. {@code tabbyctl apply} reads files with it, and the bundle's tests read the manifests.
 */
public final class StrictYaml {

  /** Thread-safe once built, as every Jackson mapper. */
  public static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // The model classes collect unknown fields in additionalProperties; refuse them instead.
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                  return false;
                }
              })
          .build();

  private StrictYaml() {}
}

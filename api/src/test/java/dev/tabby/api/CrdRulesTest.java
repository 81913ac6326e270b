package dev.tabby.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed IPPool CRD carries the rules that make the API server refuse bad pools. */
class CrdRulesTest {
  private static JSONSchemaProps root;
  private static JSONSchemaProps spec;

  @BeforeAll
  static void read() throws IOException {
    Path file = Path.of(System.getProperty("tabby.crd.committed"), "ippools.tabby.dev-v1.yml");
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }
    spec = root.getProperties().get("spec");
  }

  private static List<String> rules(JSONSchemaProps props) {
    return props.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
  }

  @Test
  void specAndCidrAreRequired() {
    assertThat(root.getRequired()).contains("spec");
    assertThat(spec.getRequired()).contains("cidr");
  }

  @Test
  void cidrMustBeAMaskedCidrAndStayAsItIs() {
    JSONSchemaProps cidr = spec.getProperties().get("cidr");
    assertThat(rules(cidr))
        .containsExactlyInAnyOrder(
            "self == oldSelf",
            "isCIDR(self)",
            "!isCIDR(self) || cidr(self) == cidr(self).masked()");
    assertThat(cidr.getMaxLength()).isEqualTo(43L);
  }

  @Test
  void blockSizeCannotBeAddedRemovedOrChanged() {
    assertThat(rules(spec))
        .contains(
            "has(self.blockSize) == has(oldSelf.blockSize)"
                + " && (!has(self.blockSize) || self.blockSize == oldSelf.blockSize)");
  }

  @Test
  void blockSizeIsBoundedByTheCidrsFamilyAndPrefix() {
    JSONSchemaProps blockSize = spec.getProperties().get("blockSize");
    assertThat(blockSize.getMinimum()).isEqualTo(20.0);
    assertThat(blockSize.getMaximum()).isEqualTo(128.0);
    assertThat(rules(spec))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("cidr(self.cidr).ip().family() == 4")
                    .contains("self.blockSize >= 20 && self.blockSize <= 32")
                    .contains("self.blockSize >= 116 && self.blockSize <= 128"))
        .anySatisfy(
            r -> assertThat(r).contains("self.blockSize >= cidr(self.cidr).prefixLength()"));
  }
}

package dev.tabby.node;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads Secrets in the agent's namespace through the Kubernetes API. */
public final class KubernetesSecrets implements SecretReader {

  private final KubernetesClient client;
  private final String namespace;

  public KubernetesSecrets(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public String read(String secretName, String key) {
    String where = "Secret " + namespace + "/" + secretName;
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    } catch (KubernetesClientException e) {
      throw new ConfigException("cannot read " + where + ": " + e.getMessage());
    }
    if (secret == null) {
      throw new ConfigException(where + " does not exist");
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      try {
        return new String(
            Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ": key '" + key + "' is not base64");
      }
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    throw new ConfigException(where + " has no key '" + key + "'");
  }
}

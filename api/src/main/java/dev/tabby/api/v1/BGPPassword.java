package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;

/** Where a peering's TCP-MD5 password comes from. */
public class BGPPassword {
  @Required private SecretKeyReference secretKeyRef;

  public SecretKeyReference getSecretKeyRef() {
    return secretKeyRef;
  }

  public void setSecretKeyRef(SecretKeyReference secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }
}

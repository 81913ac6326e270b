/**
 * The custom resources of API group {@code tabby.dev}, version {@code v1}. These classes are the
 * single source of truth: the CRD YAML in {@code manifests/} ({@code *.tabby.dev-v1.yml}) is
 * generated from them by the build. All kinds are cluster-scoped, like the cluster-wide address
 * space they describe.
 */
package dev.tabby.api.v1;
